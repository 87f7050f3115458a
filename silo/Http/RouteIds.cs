using Prioritise.Domain;

namespace Prioritise.Silo;

/// <summary>Ids in paths are checked like ids in bodies before they reach a grain key.</summary>
public static class RouteIds
{
    /// <summary>
    /// The route values that are ids, in the order they are checked, with the field a refusal names:
    /// {memberId}, {r} ("roundId"), {b} ("bidId"), {a} ("applicationId", issue 15), {c} ("conditionId", issue 16), {id}. ({n} is a decision number, held to an int by its route constraint.)
    /// </summary>
    public static readonly IReadOnlyList<(string Route, string Field)> Known =
        [("memberId", "memberId"), ("r", "roundId"), ("b", "bidId"), ("a", "applicationId"), ("c", "conditionId"), ("id", "id")];

    public static string Check(string value, string field) => Ids.Require(value, field);

    /// <summary>The API groups' one check of their route ids (<see cref="RouteIdFilter"/>).</summary>
    public static TBuilder WithRouteIdChecks<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, RouteIdFilter>();
}

/// <summary>
/// Every route value named in <see cref="RouteIds.Known"/> is checked before the handler runs (after
/// the body is read, as before): a bad one is refused 400 with problem details naming its field.
/// </summary>
public sealed class RouteIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var values = context.HttpContext.Request.RouteValues;
        foreach (var (route, field) in RouteIds.Known)
            if (values.TryGetValue(route, out var value) && value is string id)
                RouteIds.Check(id, field);
        return next(context);
    }
}
