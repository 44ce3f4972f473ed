// The TeamTalk frame: a 16-byte big-endian header (length incl. header, version, flag, service id,
// command id, seq, reserved) and a protobuf body. Over WebSocket one binary message is one frame.

export const HEADER_LENGTH = 16;

export const Cmd = {
  LOGIN_REQ: 0x0103,
  LOGIN_RES: 0x0104,
  LOGOUT_REQ: 0x0105,
  LOGOUT_RES: 0x0106,
  KICK_USER: 0x0107,
  RECENT_SESSIONS_REQ: 0x0201,
  RECENT_SESSIONS_RES: 0x0202,
  STATUS_NOTIFY: 0x0203,
  ALL_USERS_REQ: 0x0208,
  ALL_USERS_RES: 0x0209,
  USERS_STATUS_REQ: 0x020a,
  USERS_STATUS_RES: 0x020b,
  DEPARTMENTS_REQ: 0x0210,
  DEPARTMENTS_RES: 0x0211,
  MSG_DATA: 0x0301,
  MSG_DATA_ACK: 0x0302,
  MSG_READ_ACK: 0x0303,
  MSG_READ_NOTIFY: 0x0304,
  UNREAD_REQ: 0x0307,
  UNREAD_RES: 0x0308,
  MSG_LIST_REQ: 0x0309,
  MSG_LIST_RES: 0x030a,
  GROUP_LIST_REQ: 0x0401,
  GROUP_LIST_RES: 0x0402,
  GROUP_INFO_REQ: 0x0403,
  GROUP_INFO_RES: 0x0404,
  GROUP_CHANGE_MEMBER_NOTIFY: 0x040b,
  HEARTBEAT: 0x0701,
  STOP_RECV: 0x0702,
} as const;

export interface Pdu {
  commandId: number;
  seq: number;
  body: Uint8Array;
}

/** One frame: header then body. Service id is the command's high byte, as in TeamTalk. */
export function encodePdu(commandId: number, seq: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, out.length);
  v.setUint16(4, 1); // version
  v.setUint16(6, 0); // flag
  v.setUint16(8, commandId >> 8);
  v.setUint16(10, commandId);
  v.setUint16(12, seq);
  v.setUint16(14, 0);
  out.set(body, HEADER_LENGTH);
  return out;
}

/** The frame in one WebSocket message; throws when the message is not exactly one frame. */
export function decodePdu(message: ArrayBuffer): Pdu {
  const bytes = new Uint8Array(message);
  if (bytes.length < HEADER_LENGTH) {
    throw new Error(`message of ${bytes.length} bytes is shorter than a PDU header`);
  }
  const v = new DataView(message);
  const length = v.getUint32(0);
  if (length !== bytes.length) {
    throw new Error(`message of ${bytes.length} bytes carries PDU length ${length}`);
  }
  return { commandId: v.getUint16(10), seq: v.getUint16(12), body: bytes.subarray(HEADER_LENGTH) };
}
