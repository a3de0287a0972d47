package org.chelate.plugin.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps outbound calls to allowlisted hosts from being pointed at this machine or its private network (SSRF, DNS
 * rebinding): a host name is resolved once and refused when any of its addresses is loopback, link-local
 * (169.254/16, fe80::/10, where cloud metadata services live), private (10/8, 172.16/12, 192.168/16, fc00::/7,
 * 100.64/10), unspecified or multicast, unless that address was allowed explicitly: written as a literal host
 * (e.g. {@code http://127.0.0.1:8080}) in the allowlist, or inside an address range the operator allows (e.g.
 * {@code 10.20.0.0/16}, for an EHR on the hospital network). A name is never its own allowance, since its answer can
 * change between the check and the call. Thread-safe and immutable.
 */
public final class AddressGuard {

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** An address range: the first {@code prefixBits} bits of {@code network}. */
    private record Range(byte[] network, int prefixBits) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Range> explicitlyAllowed;

    private AddressGuard(List<Range> explicitlyAllowed) {
        this.explicitlyAllowed = List.copyOf(explicitlyAllowed);
    }

    /** @param allowedHosts the hosts of the allowlist; the IP literals among them are allowed even when private */
    public static AddressGuard allowingLiterals(Collection<String> allowedHosts) {
        return allowing(allowedHosts, List.of());
    }

    /**
     * @param allowedHosts  the hosts of the allowlist; the IP literals among them are allowed even when private
     * @param allowedRanges internal addresses or CIDR ranges ({@code 10.20.0.0/16}, {@code fd00::/8}) that names may
     *                      resolve to
     * @throws IllegalArgumentException for a range that is not an address or CIDR range
     */
    public static AddressGuard allowing(Collection<String> allowedHosts, Collection<String> allowedRanges) {
        List<Range> ranges = new ArrayList<>();
        for (String host : allowedHosts) {
            InetAddress literal = literal(host);
            if (literal != null) {
                ranges.add(new Range(literal.getAddress(), literal.getAddress().length * 8));
            }
        }
        for (String range : allowedRanges) {
            ranges.add(range(range));
        }
        return new AddressGuard(ranges);
    }

    private static Range range(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        InetAddress network = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
        }
        int bits = network.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in " + text + ": 0 to " + bits);
            }
        }
        return new Range(network.getAddress(), prefix);
    }

    /**
     * Resolves {@code host} (a name, or an IP literal with or without brackets) and checks every address it has.
     *
     * @return the checked addresses, to connect to or to compare with the connected one
     * @throws BlockedAddressException when an address is not public and not allowed explicitly
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException, BlockedAddressException {
        InetAddress literal = literal(host);
        List<InetAddress> addresses = literal != null ? List.of(literal) : List.of(InetAddress.getAllByName(host));
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses;
    }

    /** Checks an address a connection actually reached (or is about to). */
    public void check(String host, InetAddress address) throws BlockedAddressException {
        if (isInternal(address) && explicitlyAllowed.stream().noneMatch(range -> range.contains(address))) {
            throw new BlockedAddressException(host + " resolves to " + address.getHostAddress()
                    + ", an internal address; allow that address explicitly to reach it");
        }
    }

    /** Loopback, link-local, private, shared (CGNAT), unspecified, multicast or broadcast: not the public internet. */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second <= 127) // shared address space, RFC 6598
                    || (first == 255 && second == 255 && (bytes[2] & 0xff) == 255 && (bytes[3] & 0xff) == 255);
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if (embedsIpv4(bytes)) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]}));
                } catch (UnknownHostException impossible) {
                    return true;
                }
            }
        }
        return false;
    }

    /** ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64) carry an IPv4 address that decides. */
    private static boolean embedsIpv4(byte[] bytes) {
        boolean compatible = true;
        for (int i = 0; i < 12; i++) {
            compatible &= bytes[i] == 0;
        }
        boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                && (bytes[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = bytes[i] == 0;
        }
        return compatible || nat64;
    }

    /** The address an IP-literal host names (no DNS query), or null for a name. */
    static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        String bare = host.trim().toLowerCase(Locale.ROOT);
        if (bare.startsWith("[") && bare.endsWith("]")) {
            bare = bare.substring(1, bare.length() - 1);
        }
        boolean literal = IPV4_LITERAL.matcher(bare).matches() || (bare.contains(":") && bare.matches("[0-9a-f:.%]+"));
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(bare); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
