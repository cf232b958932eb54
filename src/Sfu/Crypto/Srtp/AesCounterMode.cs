using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Sfu.Crypto.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 section 4.1.1): keystream block i is AES(key, IV + i), XORed into the data.
/// The AES key schedule and the ECB transform are created once; counter blocks and keystream live in
/// buffers reused for every packet, so applying the keystream allocates nothing. Not thread-safe: one
/// instance per direction.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int BlockSize = 16;

    // 64 blocks cover a 1,024-byte chunk; longer packets loop over chunks.
    private const int BlocksPerChunk = 64;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[BlocksPerChunk * BlockSize];
    private readonly byte[] _keystream = new byte[BlocksPerChunk * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;

        // The ICryptoTransform keeps one native cipher context; Aes.EncryptEcb would create one per call.
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream that starts at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        UInt128 counter = BinaryPrimitives.ReadUInt128BigEndian(iv);
        while (!data.IsEmpty)
        {
            int chunkLength = Math.Min(data.Length, _keystream.Length);
            int blocks = (chunkLength + BlockSize - 1) / BlockSize;
            for (int block = 0; block < blocks; block++)
            {
                BinaryPrimitives.WriteUInt128BigEndian(_counterBlocks.AsSpan(block * BlockSize, BlockSize), counter);
                counter++;
            }

            _ecb.TransformBlock(_counterBlocks, 0, blocks * BlockSize, _keystream, 0);
            Xor(data[..chunkLength], _keystream.AsSpan(0, chunkLength));
            data = data[chunkLength..];
        }
    }

    /// <summary>Writes the raw keystream (the PRF output of RFC 3711 section 4.3.3).</summary>
    public void GenerateKeystream(ReadOnlySpan<byte> iv, Span<byte> destination)
    {
        destination.Clear();
        Apply(iv, destination);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }

    private static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int offset = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<byte>.Count;
            for (; offset <= data.Length - width; offset += width)
            {
                Span<byte> target = data.Slice(offset, width);
                (new Vector<byte>(target) ^ new Vector<byte>(keystream.Slice(offset, width))).CopyTo(target);
            }
        }

        for (; offset < data.Length; offset++)
        {
            data[offset] ^= keystream[offset];
        }
    }
}
