using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Prioritise.Silo.Hosting;

/// <summary>
/// In a cluster every silo must read every other silo's session cookies, so ASP.NET Core's
/// data-protection key ring lives in the shared PostgreSQL database rather than in each silo's
/// own folder. Keys are only ever added, as the key ring expects. The table is part of the cluster
/// schema (postgres-persistence.sql), which the silo applies before it builds the web host.
/// </summary>
public sealed class PostgresKeyRing : IXmlRepository
{
    private readonly string _connectionString;

    public PostgresKeyRing(string connectionString) => _connectionString = connectionString;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT xml FROM prioritise_data_protection_keys", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO prioritise_data_protection_keys (friendly_name, xml) VALUES ($1, $2) ON CONFLICT (friendly_name) DO NOTHING", connection);
        command.Parameters.AddWithValue(friendlyName);
        command.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }
}
