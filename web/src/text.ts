// TeamTalk's text encoding of msg_data (protocol §0 rule 9), as the Java SDK's TeamTalkText does it:
//   block    = utf8(text) ‖ zero bytes ‖ uint32 BE length of the text (a multiple of 16, at least 16)
//   msg_data = ASCII of base64(AES-256-ECB(key "12345678901234567890123456789012", block))
// It is a compatibility encoding, not security: the key is in every client.
import aesjs from "aes-js";

const KEY = new TextEncoder().encode("12345678901234567890123456789012");
const BLOCK = 16;

function ecb(): aesjs.ModeOfOperation.ModeOfOperationECB {
  return new aesjs.ModeOfOperation.ecb(KEY);
}

export function encodeText(text: string): Uint8Array {
  const plain = new TextEncoder().encode(text);
  const size = Math.ceil((plain.length + 4) / BLOCK) * BLOCK;
  const block = new Uint8Array(size);
  block.set(plain, 0);
  new DataView(block.buffer).setUint32(size - 4, plain.length);
  const cipher = ecb().encrypt(block);
  return new TextEncoder().encode(toBase64(cipher));
}

/** The text inside msg_data, or null when it is not in this encoding. */
export function decodeText(msgData: Uint8Array): string | null {
  if (msgData.length === 0) {
    return null;
  }
  let cipher: Uint8Array;
  try {
    cipher = fromBase64(new TextDecoder().decode(msgData));
  } catch {
    return null;
  }
  if (cipher.length === 0 || cipher.length % BLOCK !== 0) {
    return null;
  }
  const block = ecb().decrypt(cipher);
  const length = new DataView(block.buffer, block.byteOffset, block.byteLength).getUint32(block.length - 4);
  if (length > block.length - 4) {
    return null;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(block.subarray(0, length));
  } catch {
    return null;
  }
}

/** For display: the decoded text, else the bytes as UTF-8. */
export function decodeOrRaw(msgData: Uint8Array): string {
  const t = decodeText(msgData);
  return t !== null ? t : new TextDecoder().decode(msgData);
}

// TeamTalk images are text messages wrapping the image's URL on the image store (msfs).
const IMAGE_START = "&$#@~^@[{:";
const IMAGE_END = ":}]&$~@#@";

/** The text of a TeamTalk image message showing {@code url}. */
export function imageText(url: string): string {
  return IMAGE_START + url + IMAGE_END;
}

/** The image URL when the text is a TeamTalk image message, else null. */
export function imageUrl(text: string): string | null {
  if (text.startsWith(IMAGE_START) && text.endsWith(IMAGE_END)) {
    const url = text.substring(IMAGE_START.length, text.length - IMAGE_END.length);
    return /^https?:\/\//.test(url) ? url : null;
  }
  return null;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) {
    s += String.fromCharCode(b);
  }
  return btoa(s);
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    out[i] = bin.charCodeAt(i);
  }
  return out;
}
