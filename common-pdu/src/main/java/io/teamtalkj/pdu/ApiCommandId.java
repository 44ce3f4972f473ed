package io.teamtalkj.pdu;

/**
 * The api-server's internal command ids on the dbproxy link, under {@link ServiceId#SID_INTERNAL}
 * (0x0834-0x083f; messages in {@code teamtalk/api.proto}). They carry what every API request needs
 * from the dbproxy over the PDU link the api-server already holds, instead of a gRPC call each.
 */
public final class ApiCommandId {
    /** {@code UseNonceRequest}: api-server -> dbproxy, record a signed request's nonce (replay check). */
    public static final int CID_INTERNAL_API_USE_NONCE_REQ = 0x0834;
    /** {@code UseNonceRsp}: dbproxy -> api-server. */
    public static final int CID_INTERNAL_API_USE_NONCE_RSP = 0x0835;

    private ApiCommandId() {
    }
}
