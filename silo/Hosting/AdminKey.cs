using System.Security.Cryptography;
using Prioritise.Grains.Security;

namespace Prioritise.Silo.Hosting;

/// <summary>
/// The administrator key. Configured keys are used as given. Without one, the embedded default
/// makes a key on first start, prints it once, and keeps it in the data folder readable by its
/// owner only, so the person who runs the service can find it again.
/// </summary>
public sealed class AdminKey
{
    private readonly byte[] _hash;

    private AdminKey(string key)
    {
        _hash = MemberKeys.Hash(key);
        DerivedKeyRingSecret = KeyRingSecret.FromAdminKey(key);
    }

    /// <summary>The key ring's secret when Prioritise:KeyRingKey is not set (HKDF of this key).</summary>
    public KeyRingSecret DerivedKeyRingSecret { get; }

    public bool Matches(string presented) => MemberKeys.SameKey(presented, _hash);

    public bool MatchesHash(byte[] hash) => hash.Length == _hash.Length && CryptographicOperations.FixedTimeEquals(hash, _hash);

    public static AdminKey Resolve(PrioritiseOptions options, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.AdminKey)) return new AdminKey(options.AdminKey.Trim());
        // A generated key lives in one silo's data folder; the silos of a cluster would each make their own.
        if (options.IsCluster)
            throw new InvalidOperationException("Prioritise:AdminKey is required with Prioritise:Store=postgres: every silo must accept the same administrator key.");

        var file = Path.Combine(options.ResolvedDataPath, "admin.key");
        if (File.Exists(file)) return new AdminKey(File.ReadAllText(file).Trim());

        Directory.CreateDirectory(options.ResolvedDataPath);
        var key = "admin." + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(file, key + Environment.NewLine);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Printed once, on purpose: this is how the person who started the service learns it.
        Console.WriteLine($"Prioritise: generated an administrator key, kept in {file}:{Environment.NewLine}  {key}");
        logger.LogInformation("Generated an administrator key in {File}.", file);
        return new AdminKey(key);
    }
}
