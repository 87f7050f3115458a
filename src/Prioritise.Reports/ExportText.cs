using System.Text;

namespace Prioritise.Reports;

/// <summary>
/// Text from a round (its name, bid titles, condition texts) made safe for the file it is written
/// into. The text is stored as it was typed; only the exports transform it.
/// </summary>
public static class ExportText
{
    /// <summary>
    /// Characters that make a spreadsheet read a cell as a formula when they start it (OWASP, "CSV
    /// Injection"): = + - @, tab and carriage return; line feed too, and the full-width forms of
    /// the four signs, which some spreadsheets fold to the ASCII ones.
    /// </summary>
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

    public static bool LooksLikeFormula(string text) => text.Length > 0 && Array.IndexOf(FormulaStarts, text[0]) >= 0;

    /// <summary>A text cell for a spreadsheet: prefixed with a single quote where it would start a formula.</summary>
    public static string Spreadsheet(string text) => LooksLikeFormula(text) ? "'" + text : text;

    /// <summary>
    /// Text inside a Markdown table cell: one line (line breaks and tabs become one space), HTML
    /// special characters as entities, and every character Markdown gives meaning inline (the
    /// pipe that ends a cell included) escaped with a backslash.
    /// </summary>
    public static string MarkdownCell(string text) => Markdown(text, lineStart: false);

    /// <summary>
    /// Text that follows a block marker on a line of its own ("# ", "- "): as a cell, and its
    /// first character escaped where it would open a block (a heading, quote, list item, rule).
    /// </summary>
    public static string MarkdownInline(string text) => Markdown(text, lineStart: true);

    private static string Markdown(string text, bool lineStart)
    {
        var line = OneLine(text);
        var md = new StringBuilder(line.Length + 16);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (c)
            {
                case '&': md.Append("&amp;"); continue;
                case '<': md.Append("&lt;"); continue;
                case '>': md.Append("&gt;"); continue;
                case '"': md.Append("&quot;"); continue;
                // Emphasis, code spans and fences, links and images, tables, headings, strikethrough.
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '~':
                    md.Append('\\').Append(c);
                    continue;
            }
            if (lineStart && i == 0 && c is '-' or '+' or '=')
            {
                // A list item, a thematic break or a setext underline.
                md.Append('\\').Append(c);
                continue;
            }
            if (lineStart && c is '.' or ')' && i > 0 && line[..i].All(char.IsAsciiDigit))
            {
                // "1. " or "1) " would open an ordered list.
                md.Append('\\').Append(c);
                continue;
            }
            md.Append(c);
        }
        return md.ToString();
    }

    /// <summary>Every run of white space, line breaks included (CR, LF, NEL, U+2028, U+2029), as one space; trimmed, so no indent makes a code block.</summary>
    private static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
