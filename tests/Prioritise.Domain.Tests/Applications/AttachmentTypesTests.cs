using System.IO.Compression;
using System.Text;
using Prioritise.Domain.Applications;

namespace Prioritise.Domain.Tests.Applications;

public sealed class AttachmentTypesTests
{
    private static byte[] Zip(params string[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<x/>");
            }
        return buffer.ToArray();
    }

    [Fact]
    public void Each_allowed_kind_is_known_by_its_content()
    {
        Assert.Equal(AttachmentType.Pdf, AttachmentTypes.Judge("%PDF-1.7\n%âãÏÓ\n"u8, "anything.bin"));
        Assert.Equal(AttachmentType.Png, AttachmentTypes.Judge(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "x"));
        Assert.Equal(AttachmentType.Jpeg, AttachmentTypes.Judge(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, null));
        Assert.Equal(AttachmentType.Docx, AttachmentTypes.Judge(Zip("[Content_Types].xml", "word/document.xml"), "paper.pdf"));
        Assert.Equal(AttachmentType.Xlsx, AttachmentTypes.Judge(Zip("[Content_Types].xml", "xl/workbook.xml"), null));
        Assert.Equal(AttachmentType.Csv, AttachmentTypes.Judge("Scheme,Cost\r\nFalls,40000\r\n"u8, "costs.CSV"));
    }

    [Fact]
    public void A_program_is_refused_whatever_it_is_called()
    {
        var windows = Encoding.ASCII.GetBytes("MZ\u0090\0\u0003\0\0\0This program cannot be run in DOS mode.");
        Assert.Null(AttachmentTypes.Judge(windows, "budget.pdf"));
        Assert.Null(AttachmentTypes.Judge(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }, "costs.csv"));
        Assert.Null(AttachmentTypes.Judge("#!/bin/sh\nrm -rf /\n"u8, "run.sh"));
    }

    [Fact]
    public void A_zip_is_an_office_file_only_when_it_has_an_office_document_inside()
    {
        Assert.Null(AttachmentTypes.Judge(Zip("payload.exe"), "report.docx"));
        Assert.Null(AttachmentTypes.Judge(Zip("word/document.xml"), "report.docx")); // no [Content_Types].xml
        Assert.Null(AttachmentTypes.Judge(Zip("[Content_Types].xml", "ppt/presentation.xml"), "slides.docx"));
        Assert.Null(AttachmentTypes.Judge("PK\u0003\u0004 not really a zip"u8, "x.xlsx"));
    }

    [Fact]
    public void Csv_must_be_text_with_a_csv_name()
    {
        Assert.Null(AttachmentTypes.Judge("a,b\n1,2\n"u8, "notes.txt"));
        Assert.Null(AttachmentTypes.Judge(new byte[] { (byte)'a', 0, (byte)'b' }, "x.csv"));
        Assert.Null(AttachmentTypes.Judge(new byte[] { (byte)'a', 0xC3, 0x28 }, "x.csv")); // not UTF-8
        Assert.Null(AttachmentTypes.Judge([], "empty.csv"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData(@"C:\Users\nina\Bid budget (v2).xlsx", "Bid budget (v2).xlsx")]
    [InlineData("=HYPERLINK(\"x\").pdf", "_HYPERLINK(_x_).pdf")]
    [InlineData("", "attachment.pdf")]
    [InlineData(null, "attachment.pdf")]
    public void A_file_name_is_cut_to_its_plain_last_part(string? given, string expected) =>
        Assert.Equal(expected, AttachmentTypes.SafeName(given, AttachmentType.Pdf));

    [Fact]
    public void Content_types_are_the_registered_ones()
    {
        Assert.Equal("application/pdf", AttachmentTypes.ContentType(AttachmentType.Pdf));
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", AttachmentTypes.ContentType(AttachmentType.Docx));
        Assert.Equal("text/csv", AttachmentTypes.ContentType(AttachmentType.Csv));
        Assert.Equal(10_485_760, AttachmentTypes.MaxBytes);
    }
}
