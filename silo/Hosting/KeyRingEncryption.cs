using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Prioritise.Silo.Hosting;

/// <summary>
/// The secret that encrypts ASP.NET Core's data-protection key ring (the keys that sign session
/// cookies) at rest, in PostgreSQL for a cluster and in data/keys for the embedded default.
/// Prioritise:KeyRingKey when set (32 bytes, base64); otherwise derived with HKDF-SHA256 from the
/// administrator key, so every silo of a cluster (which shares that key) derives the same one.
/// </summary>
public sealed class KeyRingSecret
{
    private const string DerivationInfo = "prioritise data-protection key ring v1";

    private KeyRingSecret(byte[] key, string source) => (Key, Source) = (key, source);

    internal byte[] Key { get; }

    /// <summary>Where the secret came from, for the start-up log (never the secret itself).</summary>
    public string Source { get; }

    public static KeyRingSecret Configured(string base64) =>
        new(Parse(base64) ?? throw new InvalidOperationException(InvalidMessage), "Prioritise:KeyRingKey");

    public static KeyRingSecret FromAdminKey(string adminKey) =>
        new(HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(adminKey), 32, salt: null, info: Encoding.UTF8.GetBytes(DerivationInfo)),
            "derived from the administrator key");

    public const string InvalidMessage = "Prioritise:KeyRingKey must be 32 bytes in base64 (make one with: openssl rand -base64 32).";

    /// <summary>The 32 bytes of a configured Prioritise:KeyRingKey, or null when it is not that.</summary>
    public static byte[]? Parse(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return null;
        var buffer = new byte[64];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var length) && length == 32 ? buffer[..32] : null;
    }
}

/// <summary>
/// Encrypts each key element of the key ring with AES-256-GCM before it is stored. The stored
/// element names this type's decryptor, nonce and tag; the key XML itself (the masterKey) is only
/// ever in memory.
/// </summary>
public sealed class AesGcmXmlEncryptor(KeyRingSecret secret) : IXmlEncryptor
{
    internal static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes("prioritise key ring element v1");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
            var tag = new byte[AesGcm.TagByteSizes.MaxSize];
            var ciphertext = new byte[plaintext.Length];
            using (var aes = new AesGcm(secret.Key, tag.Length))
                aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData);
            var element = new XElement("encryptedKey",
                new XComment(" AES-256-GCM; the key is Prioritise:KeyRingKey or derived from the administrator key (README, Configuration) "),
                new XElement("aesGcm",
                    new XAttribute("version", "1"),
                    new XAttribute("nonce", Convert.ToBase64String(nonce)),
                    new XAttribute("tag", Convert.ToBase64String(tag)),
                    Convert.ToBase64String(ciphertext)));
            return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>
/// The other half: data protection creates it by type name from the stored element, with the
/// application's services (hence the IServiceProvider constructor).
/// </summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var secret = services.GetRequiredService<KeyRingSecret>();
        var aesGcm = encryptedElement.Element("aesGcm") ?? throw new CryptographicException("The key ring element has no aesGcm element.");
        if ((string?)aesGcm.Attribute("version") != "1") throw new CryptographicException("The key ring element's encryption version is not 1.");
        var nonce = Convert.FromBase64String((string?)aesGcm.Attribute("nonce") ?? "");
        var tag = Convert.FromBase64String((string?)aesGcm.Attribute("tag") ?? "");
        var ciphertext = Convert.FromBase64String(aesGcm.Value);
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(secret.Key, tag.Length))
                // A different Prioritise:KeyRingKey (or administrator key) fails here: the key is
                // treated as unusable and sessions signed with it must sign in again.
                aes.Decrypt(nonce, ciphertext, tag, plaintext, AesGcmXmlEncryptor.AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
