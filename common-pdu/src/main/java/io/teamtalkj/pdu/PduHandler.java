package io.teamtalkj.pdu;

import com.google.protobuf.MessageLite;
import io.netty.channel.ChannelHandlerContext;

/**
 * Handles one command whose body has already been parsed into its typed message.
 * Runs on the connection's event loop: implementations must not block (hand blocking work
 * to an executor of their own and write the reply from there).
 */
@FunctionalInterface
public interface PduHandler<M extends MessageLite> {
    void handle(ChannelHandlerContext ctx, Pdu pdu, M message) throws Exception;
}
