import { lookup as dnsLookup } from "node:dns/promises";
import net from "node:net";
import { env } from "../env";

export type OutboundPolicy = { blockPrivate: boolean };
export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;
export type OutboundTarget = { address: string; family: 4 | 6; servername?: string };

/** Why Mailroom will not connect somewhere: "blocked" is always refused, "private" only when configured. */
export class OutboundRefused extends Error {
  constructor(
    readonly host: string,
    readonly reason: "metadata" | "link_local" | "reserved" | "private",
    message: string,
  ) {
    super(message);
    this.name = "OutboundRefused";
  }
}

// Cloud instance-metadata endpoints by name; their addresses are refused below as well.
const METADATA_HOSTS = new Set(["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal"]);

const always = new net.BlockList();
always.addSubnet("169.254.0.0", 16, "ipv4"); // link-local, home of 169.254.169.254
always.addSubnet("fe80::", 10, "ipv6");
always.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
always.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
always.addAddress("168.63.129.16", "ipv4"); // Azure wire server
const reserved = new net.BlockList();
reserved.addSubnet("0.0.0.0", 8, "ipv4");
reserved.addSubnet("224.0.0.0", 3, "ipv4"); // multicast and reserved, up to broadcast
reserved.addAddress("::", "ipv6");
reserved.addSubnet("ff00::", 8, "ipv6");
const privateRanges = new net.BlockList();
privateRanges.addSubnet("127.0.0.0", 8, "ipv4");
privateRanges.addSubnet("10.0.0.0", 8, "ipv4");
privateRanges.addSubnet("172.16.0.0", 12, "ipv4");
privateRanges.addSubnet("192.168.0.0", 16, "ipv4");
privateRanges.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
privateRanges.addSubnet("198.18.0.0", 15, "ipv4");
privateRanges.addAddress("::1", "ipv6");
privateRanges.addSubnet("fc00::", 7, "ipv6");

export function outboundPolicy(): OutboundPolicy {
  return { blockPrivate: env().OUTBOUND_BLOCK_PRIVATE };
}

/**
 * The one check for outbound connections to servers people configure: resolves the name and
 * checks every address it has, and returns the address to connect to, so what was checked is
 * what is reached (a name that resolves differently a moment later changes nothing).
 */
export async function resolveOutbound(host: string, policy: OutboundPolicy, lookup: Lookup = defaultLookup): Promise<OutboundTarget> {
  const name = host.trim().toLowerCase().replace(/\.$/, "").replace(/^\[(.*)\]$/, "$1");
  if (METADATA_HOSTS.has(name)) throw new OutboundRefused(host, "metadata", `Mailroom does not connect to ${host}: it is a cloud metadata service`);
  const literal = net.isIP(name);
  const addresses = literal ? [{ address: name, family: literal }] : await lookup(name);
  if (addresses.length === 0) throw Object.assign(new Error(`no address for ${host}`), { code: "ENOTFOUND" });
  for (const a of addresses) checkAddress(host, a.address, policy);
  const address = unmapped(addresses[0].address);
  return { address, family: net.isIP(address) === 6 ? 6 : 4, servername: literal ? undefined : name };
}

/** Refuses one address by the policy, naming the range in words. */
export function checkAddress(host: string, address: string, policy: OutboundPolicy): void {
  const ip = unmapped(address);
  const type = net.isIP(ip) === 6 ? "ipv6" : "ipv4";
  const shown = host === ip ? ip : `${host} (${ip})`;
  if (always.check(ip, type)) {
    throw new OutboundRefused(host, ip.startsWith("169.254.") || ip.startsWith("fe80") ? "link_local" : "metadata", `Mailroom does not connect to ${shown}: link-local and cloud metadata addresses are never allowed`);
  }
  if (reserved.check(ip, type)) throw new OutboundRefused(host, "reserved", `Mailroom does not connect to ${shown}: it is not an address a mail server can have`);
  if (policy.blockPrivate && privateRanges.check(ip, type)) {
    throw new OutboundRefused(host, "private", `Mailroom does not connect to ${shown}: this installation refuses loopback and private network addresses (OUTBOUND_BLOCK_PRIVATE)`);
  }
}

/** An IPv4-mapped IPv6 address (::ffff:169.254.169.254 or ::ffff:a9fe:a9fe) as the IPv4 address it reaches. */
export function unmapped(address: string): string {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return address;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

const defaultLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });
