using Org.BouncyCastle.Crypto.Tls;
using Sfu.Crypto.Srtp;

namespace Sfu.Dtls;

/// <summary>Between our <see cref="SrtpProfile"/> and the use_srtp profile ids BouncyCastle speaks (RFC 5764 4.1.2).</summary>
internal static class SrtpProfileMapping
{
    public static int ToBouncyCastle(SrtpProfile profile) => profile switch
    {
        SrtpProfile.AesCm128HmacSha1_80 => SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80,
        SrtpProfile.AeadAes128Gcm => SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "unknown SRTP profile"),
    };

    public static bool TryFromBouncyCastle(int id, out SrtpProfile profile)
    {
        if (id == SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80)
        {
            profile = SrtpProfile.AesCm128HmacSha1_80;
            return true;
        }

        if (id == SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM)
        {
            profile = SrtpProfile.AeadAes128Gcm;
            return true;
        }

        profile = default;
        return false;
    }

    /// <summary>Our preference list as BouncyCastle ids, in order.</summary>
    public static int[] ToBouncyCastle(IReadOnlyList<SrtpProfile> profiles)
    {
        if (profiles.Count == 0)
        {
            throw new ArgumentException("at least one SRTP profile is required", nameof(profiles));
        }

        int[] ids = new int[profiles.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = ToBouncyCastle(profiles[i]);
        }

        return ids;
    }

    /// <summary>The first of our preferences the peer offered, or false when there is none.</summary>
    public static bool TrySelect(IReadOnlyList<SrtpProfile> preference, int[] offered, out SrtpProfile selected)
    {
        for (int i = 0; i < preference.Count; i++)
        {
            int id = ToBouncyCastle(preference[i]);
            if (Array.IndexOf(offered, id) >= 0)
            {
                selected = preference[i];
                return true;
            }
        }

        selected = default;
        return false;
    }
}
