package io.teamtalkj.file.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Collects a request body up to the upload limit; a larger one gets the store's JSON error and a close. */
public final class UploadAggregator extends HttpObjectAggregator {
    private final int limit;

    public UploadAggregator(int maxUploadSize) {
        super(maxUploadSize, true);
        this.limit = maxUploadSize;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ImageHttpHandler.error(ctx, false, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ImageHttpHandler.TOO_LARGE,
                "request larger than " + limit + " bytes");
    }
}
