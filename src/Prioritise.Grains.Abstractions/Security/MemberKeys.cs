using System.Security.Cryptography;
using System.Text;

namespace Prioritise.Grains.Security;

/// <summary>
/// Personal keys: "{memberId}.{32 random bytes, base64url}". The member id in front lets the
/// service find whose key it is without a lookup table; only the SHA-256 of the whole key is
/// stored (the key has 256 bits of entropy, so a slow password hash would add nothing).
/// </summary>
public static class MemberKeys
{
    public static (string Key, byte[] Hash) Issue(string memberId)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = $"{memberId}.{secret}";
        return (key, Hash(key));
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The member id a presented key claims, if it has the right shape.</summary>
    public static string? ClaimedMember(string key)
    {
        var dot = key.IndexOf('.');
        if (dot <= 0 || dot == key.Length - 1) return null;
        var id = key[..dot];
        return Domain.Ids.IsValid(id) ? id : null;
    }

    public static bool SameKey(string presented, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);
}
