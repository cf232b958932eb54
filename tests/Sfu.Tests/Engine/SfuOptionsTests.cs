using System.Net;
using Sfu.Engine;

namespace Sfu.Tests.Engine;

public sealed class SfuOptionsTests
{
    [Fact]
    public void Defaults_are_usable_and_bind_and_announce_loopback()
    {
        var options = new SfuOptions();
        Assert.Empty(options.Problems());
        Assert.Equal(50000, options.Port);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 50000), options.GetBindEndPoint());
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 50000)], options.GetAnnouncedEndPoints(50000));
    }

    [Fact]
    public void Announcing_an_address_binds_every_interface_unless_a_bind_address_is_given()
    {
        var options = new SfuOptions { AnnouncedAddresses = ["192.168.1.20"] };
        Assert.Equal(new IPEndPoint(IPAddress.Any, 50000), options.GetBindEndPoint());
        options.BindAddress = "192.168.1.20";
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.168.1.20"), 50000), options.GetBindEndPoint());
    }

    [Fact]
    public void Bound_to_every_interface_with_nothing_announced_announces_loopback()
    {
        var options = new SfuOptions { BindAddress = "0.0.0.0" };
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 50000)], options.GetAnnouncedEndPoints(50000));
    }

    [Fact]
    public void Announced_addresses_replace_the_default_and_carry_the_bound_port()
    {
        var options = new SfuOptions { AnnouncedAddresses = ["192.168.1.20", "203.0.113.7"] };
        Assert.Equal(
            [new IPEndPoint(IPAddress.Parse("192.168.1.20"), 40000), new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000)],
            options.GetAnnouncedEndPoints(40000));
    }

    [Fact]
    public void Worker_i_binds_the_port_after_worker_i_minus_one_and_a_zero_port_stays_free_for_each()
    {
        var options = new SfuOptions { BindAddress = "127.0.0.1", Port = 40000, Workers = 3 };
        Assert.Equal(3, options.EffectiveWorkers);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 40002), options.GetBindEndPoint(2));
        Assert.Equal(0, new SfuOptions { Port = 0 }.GetBindEndPoint(1).Port);
        Assert.Equal(Environment.ProcessorCount, new SfuOptions().EffectiveWorkers);
    }

    [Theory]
    [InlineData("BindAddress", "Sfu:BindAddress")]
    [InlineData("Port", "Sfu:Port")]
    [InlineData("Announced", "Sfu:AnnouncedAddresses entry 'sfu.example.com'")]
    [InlineData("AnnouncedAny", "Sfu:AnnouncedAddresses entry '0.0.0.0'")]
    [InlineData("Consent", "Sfu:ConsentTimeout")]
    [InlineData("Bitrate", "Sfu:PublisherMaxBitrate")]
    [InlineData("Workers", "Sfu:Workers")]
    [InlineData("PortRange", "Sfu:Port 65535 leaves no room for 2 workers")]
    [InlineData("PublishedTracks", "Sfu:MaxPublishedTracks 0")]
    [InlineData("Subscriptions", "Sfu:MaxSubscriptions 5000")]
    [InlineData("SubscriberMin", "Sfu:SubscriberMinBitrate")]
    [InlineData("SubscriberStart", "Sfu:SubscriberMinBitrate")]
    [InlineData("UpSwitchHold", "Sfu:LayerUpSwitchHold")]
    public void Each_bad_setting_is_named_and_the_engine_refuses_to_start(string which, string expected)
    {
        var options = new SfuOptions { BindAddress = "127.0.0.1", Port = 0 };
        switch (which)
        {
            case "BindAddress": options.BindAddress = "localhost"; break;
            case "Port": options.Port = 70000; break;
            case "Announced": options.AnnouncedAddresses = ["sfu.example.com"]; break;
            case "AnnouncedAny": options.AnnouncedAddresses = ["0.0.0.0"]; break;
            case "Consent": options.ConsentTimeout = TimeSpan.FromSeconds(1); break;
            case "Bitrate": options.PublisherMaxBitrate = 0; break;
            case "Workers": options.Workers = -1; break;
            case "UpSwitchHold": options.LayerUpSwitchHold = TimeSpan.FromSeconds(-1); break;
            case "PortRange": options.Port = 65535; options.Workers = 2; break;
            case "PublishedTracks": options.MaxPublishedTracks = 0; break;
            case "Subscriptions": options.MaxSubscriptions = 5000; break;
            case "SubscriberMin": options.SubscriberMinBitrate = 1_000; break;
            case "SubscriberStart": options.SubscriberStartBitrate = 20_000_000; break;
        }

        Assert.StartsWith(expected, Assert.Single(options.Problems()));
        var error = Assert.Throws<ArgumentException>(() => new SfuEngine(options));
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData(-1, 0)]
    [InlineData(0, -5)]
    [InlineData(SfuOptions.MaxSocketBufferSize + 1, 0)]
    public void Socket_buffer_sizes_outside_their_range_are_named(int receive, int send)
    {
        var options = new SfuOptions { SocketReceiveBufferSize = receive, SocketSendBufferSize = send };
        Assert.Contains(options.Problems(), p => p.Contains("Sfu:SocketReceiveBufferSize", StringComparison.Ordinal));
    }

    [Fact]
    public void Socket_settings_reach_the_worker_socket_options()
    {
        var options = new SfuOptions { SocketReceiveBufferSize = 1 << 20, SocketSendBufferSize = 2 << 20, SocketBatching = false };
        Assert.Empty(options.Problems());
        Sfu.Transport.UdpSocketOptions socket = options.CreateSocketOptions();
        Assert.Equal((1 << 20, 2 << 20, false), (socket.ReceiveBufferSize, socket.SendBufferSize, socket.Batching));
        Assert.True(new SfuOptions().CreateSocketOptions().Batching);
    }
}
