using Prioritise.Domain;

namespace Prioritise.Silo;

/// <summary>Ids in paths are checked like ids in bodies before they reach a grain key.</summary>
public static class RouteIds
{
    public static string Check(string value, string field) => Ids.Require(value, field);
}
