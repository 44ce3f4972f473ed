package io.teamtalkj.launcher;

import io.teamtalkj.net.HostPort;
import picocli.CommandLine;

/** picocli converter for HOST:PORT options: a bad value is a usage error (exit 2) with the parser's message. */
public final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
        try {
            return HostPort.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
