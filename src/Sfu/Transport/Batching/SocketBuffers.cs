using System.Net.Sockets;

namespace Sfu.Transport.Batching;

/// <summary>Socket options a media worker's socket gets before it binds: buffer sizes and the receive ancillary data.</summary>
internal static class SocketBuffers
{
    /// <summary>
    /// Asks for the buffer sizes. On Linux the FORCE variants go past net.core.rmem_max/wmem_max when the process may
    /// (CAP_NET_ADMIN, as root); otherwise the plain options apply and the kernel caps them at the sysctl maximum.
    /// </summary>
    public static void Apply(Socket socket, int receiveBytes, int sendBytes)
    {
        nint fd = socket.SafeHandle.DangerousGetHandle();
        if (receiveBytes > 0 && !(LinuxUdp.IsSupported && LinuxUdp.SetInt(fd, LinuxUdp.SolSocket, LinuxUdp.SoRcvBufForce, receiveBytes) == 0))
        {
            socket.ReceiveBufferSize = receiveBytes;
        }

        if (sendBytes > 0 && !(LinuxUdp.IsSupported && LinuxUdp.SetInt(fd, LinuxUdp.SolSocket, LinuxUdp.SoSndBufForce, sendBytes) == 0))
        {
            socket.SendBufferSize = sendBytes;
        }
    }

    /// <summary>Turns on SO_TIMESTAMPNS and SO_RXQ_OVFL; false where the system has neither (not Linux) or refused.</summary>
    public static bool EnableReceiveAncillaryData(Socket socket)
    {
        if (!LinuxUdp.IsSupported)
        {
            return false;
        }

        nint fd = socket.SafeHandle.DangerousGetHandle();
        return LinuxUdp.SetInt(fd, LinuxUdp.SolSocket, LinuxUdp.SoTimestampNs, 1) == 0
            & LinuxUdp.SetInt(fd, LinuxUdp.SolSocket, LinuxUdp.SoRxqOvfl, 1) == 0;
    }
}
