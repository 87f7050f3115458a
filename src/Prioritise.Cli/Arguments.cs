namespace Prioritise.Cli;

/// <summary>A usage mistake: the command line itself is wrong (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The command line: a command, its positional arguments and "--name value" options. Strict on
/// purpose: an unknown or repeated option is an error, not something to guess at.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string? Command { get; }
    public IReadOnlyList<string> Positional { get; }
    public bool Help { get; }

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["--help", "-h"];

    public Arguments(IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (Flags.Contains(arg))
            {
                Help = true;
                continue;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name, value;
                var eq = arg.IndexOf('=');
                if (eq > 0)
                {
                    (name, value) = (arg[..eq], arg[(eq + 1)..]);
                }
                else
                {
                    if (i + 1 >= args.Count) throw new UsageException($"{arg} needs a value.");
                    (name, value) = (arg, args[++i]);
                }
                if (!_options.TryAdd(name, value)) throw new UsageException($"{name} is given twice.");
                continue;
            }
            positional.Add(arg);
        }
        Command = positional.Count > 0 ? positional[0] : null;
        Positional = positional.Skip(1).ToList();
    }

    public string? Option(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int? IntOption(string name, int min, int max)
    {
        var text = Option(name);
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new UsageException($"{name} must be a whole number from {min} to {max}; '{text}' is not.");
    }

    public string Required(int index, string what) =>
        index < Positional.Count ? Positional[index] : throw new UsageException($"Missing {what}.");

    /// <summary>Refuses options no part of the command asked for, and stray positional arguments.</summary>
    public void RejectUnused(int positionalExpected)
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"Unknown option {string.Join(", ", unknown)} for '{Command}'.");
        if (Positional.Count > positionalExpected)
            throw new UsageException($"Unexpected argument '{Positional[positionalExpected]}' for '{Command}'.");
    }
}
