package org.chelate.server.security.jwt;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;
import org.chelate.plugin.http.AddressGuard;

/**
 * The default TLS socket factory, checking the address each connection really reached before any byte of TLS is
 * sent. It makes no unconnected sockets, so HttpsURLConnection connects a plain socket itself and layers TLS over it
 * through {@link #createSocket(Socket, String, int, boolean)}, where the connected peer is checked.
 */
final class AddressCheckingSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate = HttpsURLConnection.getDefaultSSLSocketFactory();
    private final AddressGuard addresses;

    AddressCheckingSslSocketFactory(AddressGuard addresses) {
        this.addresses = addresses;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        checkConnected(socket, host);
        return delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        checkConnected(socket, socket.getInetAddress() == null ? "?" : socket.getInetAddress().getHostName());
        return delegate.createSocket(socket, consumed, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checked(delegate.createSocket(host, port), host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(delegate.createSocket(host, port, localHost, localPort), host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checked(delegate.createSocket(host, port), host.getHostAddress());
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return checked(delegate.createSocket(address, port, localAddress, localPort), address.getHostAddress());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket checked(Socket socket, String host) throws IOException {
        checkConnected(socket, host);
        return socket;
    }

    private void checkConnected(Socket socket, String host) throws IOException {
        InetAddress peer = socket.getInetAddress();
        try {
            if (peer == null) {
                throw new IOException("TLS over an unconnected socket to " + host);
            }
            addresses.check(host, peer);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }
}
