using System.IO.Compression;
using System.Text;

namespace Prioritise.Domain.Applications;

/// <summary>The kinds of file an application may carry.</summary>
public enum AttachmentType { Pdf, Docx, Xlsx, Csv, Png, Jpeg }

/// <summary>
/// What a file is, judged by its content, never by its name or the type its sender claims: a
/// program renamed "budget.pdf" is still a program. Office files are zip packages, told apart by
/// the parts inside (a Word document has <c>word/document.xml</c>, a workbook <c>xl/workbook.xml</c>);
/// CSV is text (UTF-8, no control characters but line breaks and tabs) whose name ends in .csv,
/// because plain text has no signature of its own.
/// </summary>
public static class AttachmentTypes
{
    /// <summary>10 MiB: larger than any application's supporting paper, small enough to keep in the round's store.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public static string ContentType(AttachmentType type) => type switch
    {
        AttachmentType.Pdf => "application/pdf",
        AttachmentType.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        AttachmentType.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        AttachmentType.Csv => "text/csv",
        AttachmentType.Png => "image/png",
        AttachmentType.Jpeg => "image/jpeg",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The file's type, or null when it is none of the kinds an application may carry.</summary>
    public static AttachmentType? Judge(ReadOnlySpan<byte> content, string? fileName)
    {
        if (content.Length == 0) return null;
        if (content.StartsWith("%PDF-"u8)) return AttachmentType.Pdf;
        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return AttachmentType.Png;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return AttachmentType.Jpeg;
        if (content.StartsWith("PK\u0003\u0004"u8)) return OfficePackage(content.ToArray());
        if (fileName is not null && fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && IsText(content))
            return AttachmentType.Csv;
        return null;
    }

    private static AttachmentType? OfficePackage(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            // Every Office package names its parts' types; without it the zip is just a zip.
            if (!names.Contains("[Content_Types].xml")) return null;
            if (names.Contains("word/document.xml")) return AttachmentType.Docx;
            if (names.Contains("xl/workbook.xml")) return AttachmentType.Xlsx;
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static bool IsText(ReadOnlySpan<byte> content)
    {
        if (!System.Text.Unicode.Utf8.IsValid(content)) return false;
        foreach (var b in content)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t')) return false;
        return true;
    }

    /// <summary>A file name fit to show and to send back in a download: its last part, plain characters only.</summary>
    public static string SafeName(string? fileName, AttachmentType type)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/').Split('/')[^1]).Trim();
        var clean = new StringBuilder();
        foreach (var c in name)
            clean.Append(char.IsLetterOrDigit(c) || c is ' ' or '.' or '-' or '_' or '(' or ')' ? c : '_');
        var result = clean.ToString().Trim('.', ' ');
        if (result.Length > 120) result = result[..120];
        return result.Length == 0 ? "attachment." + type.ToString().ToLowerInvariant() : result;
    }
}
