using System.Runtime.CompilerServices;
using System.Text;
using Prioritise.Domain.Validation;

namespace Prioritise.Domain;

/// <summary>The alphabets a name's letters come from, as far as look-alike letters matter.</summary>
[Flags]
public enum Alphabets { None = 0, Latin = 1, Cyrillic = 2, Greek = 4 }

/// <summary>
/// When two organisation names are the same organisation, for the conflict rules. A member of
/// "Homerton Trust" must not escape their conflict because a bid names "HOMERTON  TRUST", "Homerton&#xA0;Trust"
/// or "Ｈｏｍｅｒｔｏｎ Trust", so names compare by <see cref="Normalise"/>: NFKC's mappings for Latin
/// look-alikes (full-width, ligature, mathematical and circled letters become plain ones, a letter and
/// its combining accent one letter; made here, see Nfkc below), format characters removed (zero-width
/// spaces and joiners, soft hyphens, byte-order marks, tag characters), every run of whitespace one
/// space, outer spaces trimmed, case folded. Validation refuses format characters and mixed alphabets
/// in names as they come in (<see cref="Validation.TextRules"/>); normalising as well covers what was
/// stored before that rule, and look-alikes that are legitimate text (spacing, width, case).
/// Letters that merely look alike across alphabets (Cyrillic 'о' for Latin 'o') are not mapped: a
/// name mixing alphabets is refused instead (<see cref="AlphabetsOf"/>).
/// </summary>
public static class Organisations
{
    // The conflict rules run for every sheet saved and counted, comparing the same few names again
    // and again: each string's normal form is made once and kept with that string (by reference, so
    // the table never holds a name after its bid or seat has gone), and a comparison is then two
    // lookups and an ordinal equality, with nothing allocated.
    private static readonly ConditionalWeakTable<string, string> Normal = new();

    public static bool Same(string a, string b) =>
        ReferenceEquals(a, b) || string.Equals(Key(a), Key(b), StringComparison.Ordinal);

    /// <summary><see cref="Normalise"/>, remembered for this string instance.</summary>
    public static string Key(string name) =>
        Normal.TryGetValue(name, out var key) ? key : Normal.GetValue(name, static n => Normalise(n));

    /// <summary>The form two names of one organisation share (see the class summary).</summary>
    public static string Normalise(string name)
    {
        var text = Nfkc(name);
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (TextRules.IsInvisible(rune)) continue; // "Homer\u00ADton" is "Homerton"
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune))
            {
                pendingSpace = sb.Length > 0; // leading spaces dropped, inner runs become one
                continue;
            }
            if (pendingSpace) sb.Append(' ');
            pendingSpace = false;
            // Upper then lower: folds letters whose upper cases agree but lower cases differ (σ and ς, s and ſ).
            sb.Append(Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune)).ToString());
        }
        return sb.ToString();
    }

    /// <summary>Which of Latin, Cyrillic and Greek the name's letters come from, after the NFKC mappings (so mathematical bold letters count as Latin).</summary>
    public static Alphabets AlphabetsOf(string name)
    {
        var found = Alphabets.None;
        foreach (var rune in Nfkc(name).EnumerateRunes())
            if (Rune.IsLetter(rune)) found |= AlphabetOf(rune.Value);
        return found;
    }

    /// <summary>"Latin and Cyrillic" when a name mixes alphabets, or null when it does not.</summary>
    public static string? MixedAlphabets(string name)
    {
        var found = AlphabetsOf(name);
        if ((found & (found - 1)) == 0) return null; // none or exactly one
        var names = new List<string>(3);
        if (found.HasFlag(Alphabets.Latin)) names.Add("Latin");
        if (found.HasFlag(Alphabets.Cyrillic)) names.Add("Cyrillic");
        if (found.HasFlag(Alphabets.Greek)) names.Add("Greek");
        return names.Count == 2 ? $"{names[0]} and {names[1]}" : $"{names[0]}, {names[1]} and {names[2]}";
    }

    // Unicode blocks, not the full Script property (.NET has no API for it): enough to tell the three
    // alphabets whose letters are confused with one another. Letters of other scripts count as none.
    private static Alphabets AlphabetOf(int c) => c switch
    {
        <= 0x024F => Alphabets.Latin,                     // Basic Latin, Latin-1, Extended-A and -B (letters only reach here)
        >= 0x0250 and <= 0x02AF => Alphabets.Latin,       // IPA extensions
        >= 0x1D00 and <= 0x1DBF => Alphabets.Latin,       // phonetic extensions (Latin small capitals and the like)
        >= 0x1E00 and <= 0x1EFF => Alphabets.Latin,       // Latin Extended Additional
        >= 0x2C60 and <= 0x2C7F => Alphabets.Latin,       // Latin Extended-C
        >= 0xA720 and <= 0xA7FF => Alphabets.Latin,       // Latin Extended-D
        >= 0xAB30 and <= 0xAB6F => Alphabets.Latin,       // Latin Extended-E
        >= 0xFF21 and <= 0xFF5A => Alphabets.Latin,       // full-width (NFKC maps these away already)
        >= 0x0370 and <= 0x03FF => Alphabets.Greek,
        >= 0x1F00 and <= 0x1FFF => Alphabets.Greek,       // Greek Extended
        >= 0x0400 and <= 0x052F => Alphabets.Cyrillic,    // Cyrillic and its supplement
        >= 0x1C80 and <= 0x1C8F => Alphabets.Cyrillic,    // Cyrillic Extended-C
        >= 0x2DE0 and <= 0x2DFF => Alphabets.Cyrillic,    // Cyrillic Extended-A
        >= 0xA640 and <= 0xA69F => Alphabets.Cyrillic,    // Cyrillic Extended-B
        _ => Alphabets.None,
    };

    // ---- NFKC, as far as look-alikes need it ----
    //
    // The service runs with InvariantGlobalization (Directory.Build.props), where string.Normalize
    // has no Unicode data and returns its input unchanged: "Ｈｏｍｅｒｔｏｎ".Normalize(FormKC) is still
    // full-width. So the compatibility mappings that turn a Latin look-alike into plain Latin are made
    // here by hand: full-width forms, the Latin ligatures, mathematical and letterlike letters and
    // digits, circled letters and Roman numerals, and (canonical composition) a Latin-1 letter
    // written as base + combining accent. Spaces of every kind need no table: Rune.IsWhiteSpace
    // knows them, and Normalise makes each run one space. What is not mapped (half-width katakana,
    // superscripts, Greek mathematical letters...) compares as written.

    private static string Nfkc(string s)
    {
        if (System.Text.Ascii.IsValid(s)) return s; // nothing to map in plain ASCII, the usual case
        var sb = new StringBuilder(s.Length);
        foreach (var rune in s.EnumerateRunes())
        {
            if (Compatibility(rune.Value) is { } mapped) sb.Append(mapped);
            else if (sb.Length > 0 && ComposeLatin1(sb[^1], rune.Value) is { } composed) sb[^1] = composed;
            else sb.Append(rune.ToString());
        }
        return sb.ToString();
    }

    private static string? Compatibility(int c) => c switch
    {
        >= 0xFF01 and <= 0xFF5E => ((char)(c - 0xFEE0)).ToString(),                          // full-width ASCII
        0xFB00 => "ff", 0xFB01 => "fi", 0xFB02 => "fl", 0xFB03 => "ffi", 0xFB04 => "ffl", 0xFB05 or 0xFB06 => "st",
        >= 0x1D400 and <= 0x1D6A3 => MathLetter((c - 0x1D400) % 52),                          // 13 styles of A-Z a-z
        >= 0x1D7CE and <= 0x1D7FF => ((char)('0' + (c - 0x1D7CE) % 10)).ToString(),            // 5 styles of 0-9
        >= 0x24B6 and <= 0x24CF => ((char)('A' + c - 0x24B6)).ToString(),                     // circled capitals
        >= 0x24D0 and <= 0x24E9 => ((char)('a' + c - 0x24D0)).ToString(),                     // circled small letters
        >= 0x2160 and <= 0x216F => Roman[c - 0x2160],
        >= 0x2170 and <= 0x217F => Roman[c - 0x2170].ToLowerInvariant(),
        0x2102 or 0x212D => "C", 0x210A => "g", 0x210B or 0x210C or 0x210D => "H", 0x210E => "h",
        0x2110 or 0x2111 => "I", 0x2112 => "L", 0x2113 => "l", 0x2115 => "N", 0x2119 => "P", 0x211A => "Q",
        0x211B or 0x211C or 0x211D => "R", 0x2124 or 0x2128 => "Z", 0x212A => "K", 0x212B => "\u00C5", 0x212C => "B",
        0x212F => "e", 0x2130 => "E", 0x2131 => "F", 0x2133 => "M", 0x2134 => "o", 0x2139 => "i",
        _ => null,
    };

    private static string MathLetter(int i) => ((char)(i < 26 ? 'A' + i : 'a' + i - 26)).ToString();

    private static readonly string[] Roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "L", "C", "D", "M"];

    // Base letter + combining mark -> the Latin-1 letter NFC would make of them ("e" + U+0301 -> "é").
    private static readonly Dictionary<(char Base, int Mark), char> Latin1 = BuildLatin1();

    private static char? ComposeLatin1(char b, int mark) =>
        mark is >= 0x0300 and <= 0x0327 && Latin1.TryGetValue((b, mark), out var c) ? c : null;

    private static Dictionary<(char, int), char> BuildLatin1()
    {
        // Each capital's decomposition; the small letter is 0x20 above both it and its base.
        (char Letter, char Base, int Mark)[] capitals =
        [
            ('\u00C0', 'A', 0x300), ('\u00C1', 'A', 0x301), ('\u00C2', 'A', 0x302), ('\u00C3', 'A', 0x303), ('\u00C4', 'A', 0x308), ('\u00C5', 'A', 0x30A),
            ('\u00C7', 'C', 0x327), ('\u00C8', 'E', 0x300), ('\u00C9', 'E', 0x301), ('\u00CA', 'E', 0x302), ('\u00CB', 'E', 0x308),
            ('\u00CC', 'I', 0x300), ('\u00CD', 'I', 0x301), ('\u00CE', 'I', 0x302), ('\u00CF', 'I', 0x308), ('\u00D1', 'N', 0x303),
            ('\u00D2', 'O', 0x300), ('\u00D3', 'O', 0x301), ('\u00D4', 'O', 0x302), ('\u00D5', 'O', 0x303), ('\u00D6', 'O', 0x308),
            ('\u00D9', 'U', 0x300), ('\u00DA', 'U', 0x301), ('\u00DB', 'U', 0x302), ('\u00DC', 'U', 0x308), ('\u00DD', 'Y', 0x301),
        ];
        var map = new Dictionary<(char, int), char>();
        foreach (var (letter, b, mark) in capitals)
        {
            map[(b, mark)] = letter;
            map[((char)(b + 0x20), mark)] = (char)(letter + 0x20);
        }
        map[('y', 0x308)] = '\u00FF';
        return map;
    }
}
