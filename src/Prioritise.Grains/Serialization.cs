using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Prioritise.Domain;

namespace Prioritise.Grains;

public static class PrioritiseSerialization
{
    /// <summary>
    /// The domain library stays free of Orleans, so its records cross grain boundaries and reach
    /// storage through System.Text.Json rather than generated codecs.
    /// </summary>
    public static IServiceCollection AddPrioritiseSerialization(this IServiceCollection services) =>
        services.AddSerializer(s => s.AddJsonSerializer(
            isSupported: t => t.Namespace?.StartsWith("Prioritise.Domain", StringComparison.Ordinal) == true && t != typeof(DomainException)));
}

/// <summary>Carries a rule's refusal across grain calls with its kind and field errors intact.</summary>
[GenerateSerializer]
public struct DomainExceptionSurrogate
{
    [Id(0)] public Refusal Refusal;
    [Id(1)] public string Message;
    [Id(2)] public Dictionary<string, string[]> Errors;
}

[RegisterConverter]
public sealed class DomainExceptionConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate s) => new(s.Refusal, s.Message, s.Errors);

    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException e) => new()
    {
        Refusal = e.Refusal,
        Message = e.Message,
        Errors = e.Errors.ToDictionary(kv => kv.Key, kv => kv.Value),
    };
}
