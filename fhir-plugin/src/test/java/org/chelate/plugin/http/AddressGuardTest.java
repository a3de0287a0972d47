package org.chelate.plugin.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Real address parsing and real name resolution (only names that resolve on this machine: localhost). */
class AddressGuardTest {

    @Test
    void internalAddressesAreRecognised() throws Exception {
        for (String internal : List.of("127.0.0.1", "127.8.9.10", "::1", "169.254.169.254", "fe80::1", "10.1.2.3",
                "172.16.0.1", "172.31.255.255", "192.168.1.1", "fc00::1", "fd12:3456::1", "100.64.0.1", "0.0.0.0",
                "::", "224.0.0.1", "255.255.255.255", "::ffff:127.0.0.1", "::7f00:1", "64:ff9b::a9fe:a9fe")) {
            assertTrue(AddressGuard.isInternal(InetAddress.getByName(internal)), internal);
        }
        for (String external : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888",
                "64:ff9b::808:808")) {
            assertFalse(AddressGuard.isInternal(InetAddress.getByName(external)), external);
        }
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        AddressGuard guard = AddressGuard.allowingLiterals(Set.of("localhost"));
        BlockedAddressException e = assertThrows(BlockedAddressException.class, () -> guard.resolve("localhost"));
        assertTrue(e.getMessage().startsWith("localhost resolves to "), e.getMessage());
    }

    @Test
    void anInternalLiteralIsRefusedUnlessListedItself() throws Exception {
        AddressGuard none = AddressGuard.allowingLiterals(Set.of("ehr.example.org"));
        assertThrows(BlockedAddressException.class, () -> none.resolve("127.0.0.1"));
        assertThrows(BlockedAddressException.class, () -> none.resolve("169.254.169.254"));
        assertThrows(BlockedAddressException.class, () -> none.resolve("[::1]"));

        AddressGuard listed = AddressGuard.allowingLiterals(Set.of("127.0.0.1", "[::1]", "169.254.169.254"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), listed.resolve("127.0.0.1"));
        assertEquals(List.of(InetAddress.getByName("::1")), listed.resolve("[::1]"));
        assertEquals(List.of(InetAddress.getByName("169.254.169.254")), listed.resolve("169.254.169.254"));
        assertThrows(BlockedAddressException.class, () -> listed.resolve("10.0.0.1"), "only the listed addresses");
    }

    @Test
    void aNameIsAllowedOnlyToTheExplicitlyListedAddressesItResolvesTo() throws Exception {
        List<InetAddress> localhost = List.of(InetAddress.getAllByName("localhost"));
        AddressGuard allowing = AddressGuard.allowingLiterals(localhost.stream()
                .map(a -> a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress())
                .toList());
        assertEquals(localhost, allowing.resolve("localhost"));
        AddressGuard partly = AddressGuard.allowingLiterals(Set.of("127.0.0.2"));
        assertThrows(BlockedAddressException.class, () -> partly.resolve("localhost"));
    }

    @Test
    void operatorRangesLetNamesResolveIntoThem() throws Exception {
        AddressGuard loopback = AddressGuard.allowing(Set.of("localhost"), List.of("127.0.0.0/8", "::1/128"));
        assertEquals(List.of(InetAddress.getAllByName("localhost")), loopback.resolve("localhost"));
        AddressGuard hospital = AddressGuard.allowing(Set.of(), List.of("10.20.0.0/16", "fd00:1::/32"));
        hospital.check("ehr.internal", InetAddress.getByName("10.20.255.1"));
        hospital.check("ehr.internal", InetAddress.getByName("fd00:1:ffff::5"));
        assertThrows(BlockedAddressException.class,
                () -> hospital.check("ehr.internal", InetAddress.getByName("10.21.0.1")));
        assertThrows(BlockedAddressException.class,
                () -> hospital.check("ehr.internal", InetAddress.getByName("169.254.169.254")));
        assertThrows(BlockedAddressException.class,
                () -> hospital.check("ehr.internal", InetAddress.getByName("fd00:2::5")));
        for (String bad : List.of("ehr.internal", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "")) {
            assertThrows(IllegalArgumentException.class, () -> AddressGuard.allowing(Set.of(), List.of(bad)), bad);
        }
    }

    @Test
    void publicLiteralsNeedNoListing() throws Exception {
        AddressGuard guard = AddressGuard.allowingLiterals(Set.of());
        assertEquals(List.of(InetAddress.getByName("8.8.8.8")), guard.resolve("8.8.8.8"));
    }
}
