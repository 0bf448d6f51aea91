/**
 * Pure parser for /proc/net/tcp and /proc/net/tcp6: the listening sockets on one port.
 * Line format: `sl local_address rem_address st tx_queue:rx_queue …`, addresses as `HEXADDR:HEXPORT`.
 */
import type { AddressClass } from '../../../../common/contract/snapshot.js';
import {
  classifyIPv4,
  classifyIPv6,
  decodeProcIPv4,
  decodeProcIPv6,
  formatIPv4,
  formatIPv6,
} from './ip-address.js';

const TCP_LISTEN = '0A';

export interface ListenBinding {
  address: string;
  family: 'ipv4' | 'ipv6';
  class: AddressClass;
}

/** Listening sockets on `port` in one /proc/net/tcp{,6} file's text. Malformed lines are skipped. */
export function parseListeners(text: string, family: 'ipv4' | 'ipv6', port: number): ListenBinding[] {
  const out: ListenBinding[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    // cols[0] is "sl:" (e.g. "0:"); the header line starts with "sl".
    if (cols.length < 4 || !/^\d+:$/.test(cols[0]!)) continue;
    if (cols[3]!.toUpperCase() !== TCP_LISTEN) continue;
    const [addrHex, portHex] = cols[1]!.split(':');
    if (!addrHex || !portHex || parseInt(portHex, 16) !== port) continue;
    if (family === 'ipv4') {
      const bytes = decodeProcIPv4(addrHex);
      if (bytes) out.push({ address: formatIPv4(bytes), family, class: classifyIPv4(bytes) });
    } else {
      const bytes = decodeProcIPv6(addrHex);
      if (bytes) out.push({ address: formatIPv6(bytes), family, class: classifyIPv6(bytes) });
    }
  }
  return out;
}
