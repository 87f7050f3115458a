using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Prioritise.Silo.Hosting;

namespace Prioritise.Api.Tests;

/// <summary>The data-protection key ring (session cookies) is encrypted at rest and its keys are never logged.</summary>
[Collection(OwnSiloCollection.Name)]
public sealed class KeyRingTests
{
    [Fact]
    public async Task The_session_key_ring_is_encrypted_at_rest_and_its_keys_are_never_logged()
    {
        var keyRingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__KeyRingKey"] = keyRingKey;
        // As much as data protection and the silo will say about their keys.
        silo.ExtraEnvironment["Logging__LogLevel__Default"] = "Debug";
        silo.ExtraEnvironment["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Trace";
        silo.ExtraEnvironment["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Trace";
        silo.ExtraEnvironment["Logging__LogLevel__Prioritise"] = "Trace";
        await silo.StartAsync();
        using var api = new ApiClient(silo.CreateClient(), silo.AdminKey);
        var c = await Committee.Build(api);
        // A session cookie: what the key ring protects.
        using var session = await PageSession.SignedIn(silo.BaseAddress, c.ChairKey);
        silo.StopGracefully();

        var files = Directory.GetFiles(Path.Combine(silo.DataPath, "keys"), "*.xml");
        Assert.NotEmpty(files);
        var services = new ServiceCollection().AddSingleton(KeyRingSecret.Configured(keyRingKey)).BuildServiceProvider();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("<masterKey", text);
            Assert.Contains(nameof(AesGcmXmlDecryptor), text);
            var encrypted = XElement.Parse(text).Descendants().Single(e => e.Name.LocalName == "encryptedSecret").Elements().Single();
            var master = new AesGcmXmlDecryptor(services).Decrypt(encrypted);
            Assert.Equal("masterKey", master.Name.LocalName);
            var secret = master.Descendants().Single(e => e.Name.LocalName == "value").Value;
            Assert.True(secret.Length >= 40, "the master key's value");
            Assert.DoesNotContain(secret, silo.Output);
        }
        Assert.DoesNotContain("masterKey", silo.Output);
        Assert.DoesNotContain("No XML encryptor configured", silo.Output);
        Assert.DoesNotContain(keyRingKey, silo.Output);
    }

    [Fact]
    public async Task Another_key_ring_secret_signs_everyone_out_and_the_silo_still_starts()
    {
        using var silo = new SiloProcess(seedOnEmpty: false);
        silo.ExtraEnvironment["Prioritise__KeyRingKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await silo.StartAsync();
        string memberKey;
        using (var api = new ApiClient(silo.CreateClient(), silo.AdminKey))
            memberKey = await api.CreateMember(TestIds.New("rekey"), "Rekey Trust");
        using var before = await PageSession.SignedIn(silo.BaseAddress, memberKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await before.Get("/rounds")).Status);
        silo.StopGracefully();

        silo.ExtraEnvironment["Prioritise__KeyRingKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await silo.StartAsync();
        // The old cookie (the silo is on a new port; cookies are per host) no longer opens a page:
        // its key is unreadable. Sign in again.
        using var replayed = new PageSession(silo.BaseAddress);
        replayed.Cookies.Add(before.Cookies.GetAllCookies());
        Assert.NotEmpty(replayed.Cookies.GetAllCookies());
        var (status, _, _) = await replayed.Get("/rounds");
        Assert.True(status is System.Net.HttpStatusCode.Redirect or System.Net.HttpStatusCode.Found, $"the old session answered {(int)status}");
        using var after = await PageSession.SignedIn(silo.BaseAddress, memberKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await after.Get("/rounds")).Status);
    }
}
