using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Prioritise.Silo;

/// <summary>The API's JSON, both ways.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MaxDepth = 32;
        // "8" is not 8: a number sent as a string is bad input, not something to guess at.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
    }
}

/// <summary>
/// A 200 answer of JSON already written, kept in pieces of 64 KiB: a 1 MB answer as one array
/// would go to the large object heap, which only a full collection frees, and a chair reading
/// results every few seconds while sheets pour in made the silo run one every couple of seconds.
/// </summary>
public sealed class SerializedJson : IResult, IBufferWriter<byte>
{
    private const int PieceSize = 64 * 1024;
    private readonly List<ArraySegment<byte>> _written = [];
    private byte[] _piece = [];
    private int _used;

    public long Length { get; private set; }

    public static SerializedJson Write(Action<Utf8JsonWriter> write)
    {
        var json = new SerializedJson();
        using (var writer = new Utf8JsonWriter(json)) write(writer);
        json.Seal();
        return json;
    }

    /// <summary>The whole answer as one array (for tests and small answers).</summary>
    public byte[] ToArray()
    {
        var all = new byte[Length];
        var at = 0;
        foreach (var piece in _written) { piece.CopyTo(all, at); at += piece.Count; }
        return all;
    }

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.ContentLength = Length;
        // Handed to the server whole and flushed once: a flush per piece waited for the reader to
        // take each 64 KiB before the next, a round of both sides' thread pools per piece.
        var body = http.Response.BodyWriter;
        foreach (var piece in _written) body.Write(piece);
        await body.FlushAsync(http.RequestAborted);
    }

    void IBufferWriter<byte>.Advance(int count)
    {
        _used += count;
        Length += count;
    }

    Memory<byte> IBufferWriter<byte>.GetMemory(int sizeHint) => Room(sizeHint);

    Span<byte> IBufferWriter<byte>.GetSpan(int sizeHint) => Room(sizeHint).Span;

    private Memory<byte> Room(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_piece.Length - _used < needed)
        {
            Seal();
            _piece = new byte[Math.Max(PieceSize, needed)];
        }
        return _piece.AsMemory(_used);
    }

    private void Seal()
    {
        if (_used > 0) _written.Add(new ArraySegment<byte>(_piece, 0, _used));
        _piece = [];
        _used = 0;
    }
}
