using System.Security.Cryptography;

namespace Connectors.Internal;

/// <summary>
/// Execution ids: random (version 4) UUIDs as <see cref="Guid.NewGuid"/> makes them, from cryptographically secure
/// random bytes drawn 4 KB at a time per thread, rather than with a system call per id (<see cref="Guid.NewGuid"/> asks
/// the operating system for 16 bytes on every call).
/// </summary>
internal static class ExecutionIds
{
    private const int IdsPerRefill = 256;

    [ThreadStatic]
    private static byte[]? buffer;

    [ThreadStatic]
    private static int next;

    public static ExecutionIdentity Next()
    {
        var bytes = buffer;
        if (bytes is null || next == IdsPerRefill)
        {
            bytes = buffer ??= new byte[IdsPerRefill * 16];
            RandomNumberGenerator.Fill(bytes);
            next = 0;
        }

        var id = bytes.AsSpan(next++ * 16, 16);
        id[7] = (byte)((id[7] & 0x0F) | 0x40); // version 4 (the high nibble of the third group, little-endian layout)
        id[8] = (byte)((id[8] & 0x3F) | 0x80); // RFC 9562 variant
        var guid = new Guid(id);
        return new ExecutionIdentity(guid);
    }
}

/// <summary>
/// An execution id as its value and its text (<see cref="Guid.ToString()"/>): events keep the value (see
/// <see cref="ConnectorEventFields.ExecutionGuid"/>), everything else the text.
/// </summary>
internal readonly record struct ExecutionIdentity(Guid Value)
{
    /// <summary>The text, made when asked for (the usual execute never needs it: events keep the value).</summary>
    public string Text => Value.ToString();
}
