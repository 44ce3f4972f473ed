// The web client's TeamTalk text encoding must give the Java SDK's bytes (TeamTalkTextTest's vectors).
import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeText, encodeText, imageUrl } from "../src/text";
import { decodePdu, encodePdu } from "../src/pdu";

const ascii = (b: Uint8Array) => new TextDecoder().decode(b);
const bytes = (s: string) => new TextEncoder().encode(s);

test("encodes as the Java SDK does", () => {
  assert.equal(ascii(encodeText("hi")), "isFbgVCILeNPXzVe+MncXQ==");
  assert.equal(ascii(encodeText("")), "e5RnnlJkv4QGnGhkMwfvgA==");
  assert.equal(ascii(encodeText("Hello, World!")), "4bnr67PMrDG4iVx0zrxLAQr+GZ43+2mMfQMFqTsGBjY=");
  assert.equal(ascii(encodeText("你好")), "UKheN9KmjZEOcj7ZdGedvw==");
});

test("decodes the Java SDK's bytes and round-trips block boundaries", () => {
  assert.equal(decodeText(bytes("4bnr67PMrDG4iVx0zrxLAQr+GZ43+2mMfQMFqTsGBjY=")), "Hello, World!");
  assert.equal(decodeText(bytes("UKheN9KmjZEOcj7ZdGedvw==")), "你好");
  for (const n of [0, 11, 12, 13, 16, 28, 29, 100]) {
    const t = "x".repeat(n) + "é";
    assert.equal(decodeText(encodeText(t)), t);
  }
});

test("text that is not in the encoding decodes to null", () => {
  assert.equal(decodeText(bytes("plain words")), null);
  assert.equal(decodeText(bytes("aGk=")), null); // base64, but not a multiple of 16 bytes
  assert.equal(decodeText(new Uint8Array(0)), null);
});

test("image messages yield their URL; other text does not", () => {
  assert.equal(imageUrl("&$#@~^@[{:http://127.0.0.1:8700/g0/000/000/1.png:}]&$~@#@"), "http://127.0.0.1:8700/g0/000/000/1.png");
  assert.equal(imageUrl("&$#@~^@[{:javascript:alert(1):}]&$~@#@"), null);
  assert.equal(imageUrl("hello"), null);
});

test("a PDU is a 16-byte big-endian header and its body, one per message", () => {
  const frame = encodePdu(0x0301, 7, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...frame.subarray(0, 16)], [0, 0, 0, 19, 0, 1, 0, 0, 0, 3, 3, 1, 0, 7, 0, 0]);
  const pdu = decodePdu(frame.buffer as ArrayBuffer);
  assert.equal(pdu.commandId, 0x0301);
  assert.equal(pdu.seq, 7);
  assert.deepEqual([...pdu.body], [1, 2, 3]);
  const two = new Uint8Array(38);
  two.set(frame, 0);
  two.set(frame, 19);
  assert.throws(() => decodePdu(two.buffer), /PDU length 19/);
});
