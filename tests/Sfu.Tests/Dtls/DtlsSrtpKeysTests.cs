using Sfu.Crypto.Srtp;
using Sfu.Dtls;

namespace Sfu.Tests.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 16, 14, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12, 56)]
    public void Lengths_follow_rfc_5764_and_rfc_7714(SrtpProfile profile, int key, int salt, int total)
    {
        Assert.Equal(key, DtlsSrtpKeys.MasterKeyLength(profile));
        Assert.Equal(salt, DtlsSrtpKeys.MasterSaltLength(profile));
        Assert.Equal(total, DtlsSrtpKeys.KeyingMaterialLength(profile));
    }

    [Fact]
    public void Unknown_profile_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DtlsSrtpKeys.KeyingMaterialLength((SrtpProfile)2));
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80)]
    [InlineData(SrtpProfile.AeadAes128Gcm)]
    public void Split_cuts_client_key_server_key_client_salt_server_salt(SrtpProfile profile)
    {
        int key = DtlsSrtpKeys.MasterKeyLength(profile);
        int salt = DtlsSrtpKeys.MasterSaltLength(profile);
        byte[] material = new byte[DtlsSrtpKeys.KeyingMaterialLength(profile)];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)i;
        }

        DtlsSrtpKeys client = DtlsSrtpKeys.Split(profile, material, DtlsRole.Client);
        DtlsSrtpKeys server = DtlsSrtpKeys.Split(profile, material, DtlsRole.Server);

        Assert.Equal(material[..key], client.LocalMasterKey);
        Assert.Equal(material[key..(2 * key)], client.RemoteMasterKey);
        Assert.Equal(material[(2 * key)..(2 * key + salt)], client.LocalMasterSalt);
        Assert.Equal(material[(2 * key + salt)..], client.RemoteMasterSalt);
        Assert.Equal(client.LocalMasterKey, server.RemoteMasterKey);
        Assert.Equal(client.RemoteMasterKey, server.LocalMasterKey);
        Assert.Equal(client.LocalMasterSalt, server.RemoteMasterSalt);
        Assert.Equal(client.RemoteMasterSalt, server.LocalMasterSalt);
    }

    [Fact]
    public void Split_rejects_material_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.Split(SrtpProfile.AeadAes128Gcm, new byte[60], DtlsRole.Server));
        Assert.Throws<ArgumentException>(() => DtlsSrtpKeys.Split(SrtpProfile.AesCm128HmacSha1_80, new byte[56], DtlsRole.Client));
    }
}
