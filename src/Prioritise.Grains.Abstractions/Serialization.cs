using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Serializers;
using Prioritise.Domain;

namespace Prioritise.Grains;

public static class PrioritiseSerialization
{
    /// <summary>
    /// The domain library stays free of Orleans, so its records cross grain boundaries and reach
    /// storage through System.Text.Json rather than generated codecs.
    /// </summary>
    public static IServiceCollection AddPrioritiseSerialization(this IServiceCollection services)
    {
        // Registered before the JSON codec so it is asked first: domain records are immutable, so a
        // grain call may hand over the same instance instead of a serialised deep copy.
        services.AddSingleton<IGeneralizedCopier, DomainRecordsAreImmutable>();
        return services.AddSerializer(s => s.AddJsonSerializer(isSupported: DomainRecordsAreImmutable.IsDomainRecord));
    }
}

/// <summary>
/// The domain library's types are small immutable records (init-only properties, read-only
/// collections that nothing mutates), so copying them across a grain call is pure waste: a
/// 2,000-bid result set would otherwise be serialised and parsed again on every read.
/// </summary>
public sealed class DomainRecordsAreImmutable : IGeneralizedCopier
{
    public static bool IsDomainRecord(Type type) =>
        type.Namespace?.StartsWith("Prioritise.Domain", StringComparison.Ordinal) == true && type != typeof(DomainException);

    public bool IsSupportedType(Type type) => IsDomainRecord(type);

    public object? DeepCopy(object? input, CopyContext context) => input;
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
