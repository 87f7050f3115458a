using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Prioritise.Silo.Hosting;

namespace Prioritise.Cluster.Tests;

/// <summary>In a cluster the session key ring lives in PostgreSQL: encrypted there, and never logged.</summary>
public sealed class ClusterKeyRingTests
{
    [PostgresFact]
    public async Task The_key_ring_rows_in_postgresql_are_encrypted_and_never_logged()
    {
        await using var db = await TestDatabase.Create();
        var keyRingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var cluster = new SiloCluster(db.ConnectionString, size: 1);
        var silo = cluster.Silos[0];
        silo.ExtraEnvironment["Prioritise__KeyRingKey"] = keyRingKey;
        silo.ExtraEnvironment["Logging__LogLevel__Default"] = "Debug";
        silo.ExtraEnvironment["Logging__LogLevel__Microsoft.AspNetCore.DataProtection"] = "Trace";
        silo.ExtraEnvironment["Logging__LogLevel__Microsoft.AspNetCore.Authentication"] = "Trace";
        silo.ExtraEnvironment["Logging__LogLevel__Npgsql"] = "Trace";
        silo.ExtraEnvironment["Logging__LogLevel__Prioritise"] = "Trace";
        await cluster.StartAll();
        using var api = cluster.Api(silo);
        var memberKey = await api.CreateMember(TestIds.New("keyring"), "Key Ring Trust");
        using (var session = await PageSession.SignedIn(silo.BaseAddress, memberKey))
            Assert.Equal(System.Net.HttpStatusCode.OK, (await session.Get("/rounds")).Status);
        cluster.StopAllGracefully();

        var rows = new List<string>();
        await using (var connection = new NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT xml FROM prioritise_data_protection_keys", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        }
        Assert.NotEmpty(rows);
        var services = new ServiceCollection().AddSingleton(KeyRingSecret.Configured(keyRingKey)).BuildServiceProvider();
        foreach (var row in rows)
        {
            Assert.DoesNotContain("<masterKey", row);
            Assert.Contains(nameof(AesGcmXmlDecryptor), row);
            var encrypted = XElement.Parse(row).Descendants().Single(e => e.Name.LocalName == "encryptedSecret").Elements().Single();
            var master = new AesGcmXmlDecryptor(services).Decrypt(encrypted);
            var secret = master.Descendants().Single(e => e.Name.LocalName == "value").Value;
            Assert.DoesNotContain(secret, cluster.Output);
        }
        Assert.DoesNotContain("masterKey", cluster.Output);
        Assert.DoesNotContain("No XML encryptor configured", cluster.Output);
        Assert.DoesNotContain(keyRingKey, cluster.Output);
    }
}
