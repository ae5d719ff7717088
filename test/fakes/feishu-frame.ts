/**
 * The long connection's frame, `pbbp2.Frame` (protocols-feishu.md §3.2), encoded and decoded by
 * hand for the fake server — so the test speaks the wire format the SDK's generated protobuf code
 * reads, without borrowing that code:
 *
 *   message Header { string key = 1; string value = 2; }
 *   message Frame { uint64 SeqID = 1; uint64 LogID = 2; int32 service = 3; int32 method = 4;
 *     repeated Header headers = 5; string payload_encoding = 6; string payload_type = 7;
 *     bytes payload = 8; string LogIDNew = 9; }
 */

export interface Frame {
  seqId: number;
  logId: number;
  service: number;
  /** 0 = control (ping/pong), 1 = data (event). */
  method: number;
  headers: Record<string, string>;
  payload?: Buffer;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

const field = (no: number, wire: number) => varint((no << 3) | wire);
const bytesField = (no: number, b: Buffer) => Buffer.concat([field(no, 2), varint(b.length), b]);

export function encodeFrame(f: Frame): Buffer {
  const parts = [field(1, 0), varint(f.seqId), field(2, 0), varint(f.logId), field(3, 0), varint(f.service), field(4, 0), varint(f.method)];
  for (const [k, v] of Object.entries(f.headers)) parts.push(bytesField(5, Buffer.concat([bytesField(1, Buffer.from(k)), bytesField(2, Buffer.from(v))])));
  if (f.payload) parts.push(bytesField(8, f.payload));
  return Buffer.concat(parts);
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++]!;
    v |= BigInt(b & 0x7f) << shift;
    shift += 7n;
    if (!(b & 0x80)) return [Number(v), pos];
  }
}

function fields(buf: Buffer): Array<{ no: number; value: number | Buffer }> {
  const out: Array<{ no: number; value: number | Buffer }> = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = readVarint(buf, pos);
    const no = tag >> 3;
    if ((tag & 7) === 0) {
      const [v, p2] = readVarint(buf, p1);
      out.push({ no, value: v });
      pos = p2;
    } else if ((tag & 7) === 2) {
      const [len, p2] = readVarint(buf, p1);
      out.push({ no, value: buf.subarray(p2, p2 + len) });
      pos = p2 + len;
    } else throw new Error(`unexpected wire type ${tag & 7}`);
  }
  return out;
}

export function decodeFrame(buf: Buffer): Frame {
  const f: Frame = { seqId: 0, logId: 0, service: 0, method: 0, headers: {} };
  for (const { no, value } of fields(buf)) {
    if (no === 1) f.seqId = value as number;
    else if (no === 2) f.logId = value as number;
    else if (no === 3) f.service = value as number;
    else if (no === 4) f.method = value as number;
    else if (no === 5) {
      const h = fields(value as Buffer);
      const key = h.find((x) => x.no === 1)?.value as Buffer | undefined;
      const val = h.find((x) => x.no === 2)?.value as Buffer | undefined;
      if (key) f.headers[key.toString()] = val?.toString() ?? '';
    } else if (no === 8) f.payload = Buffer.from(value as Buffer);
  }
  return f;
}
