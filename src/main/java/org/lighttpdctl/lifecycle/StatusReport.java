package org.lighttpdctl.lifecycle;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import org.lighttpdctl.StatusCode;
import org.lighttpdctl.server.Endpoint;
import org.lighttpdctl.server.Instance;

/** The status of an instance as one human line, or as JSON for scripts and monitoring. */
record StatusReport(StatusCode code, Instance instance, List<StatusAction.GenerationView> generations,
                    OptionalInt pidfilePid) {

    String toText() {
        return switch (code) {
            case RUNNING -> {
                StatusAction.GenerationView serving = generations.get(0);
                long draining = generations.size() - 1;
                yield "lighttpd is running (PID " + serving.generation().pid() + ", up "
                        + human(serving.uptimeSeconds()) + ", listening on " + listeners()
                        + (serving.generation().adopted() ? ", not started by lighttpdctl" : "") + ")"
                        + (draining > 0 ? "; " + draining + " older generation(s) draining" : "");
            }
            case DEAD_PIDFILE_EXISTS -> "lighttpd is not running, but pidfile " + instance.pidfile().path()
                    + " names PID " + pidfilePid.getAsInt() + ", which is not a lighttpd of this instance";
            default -> "lighttpd is not running" + (generations.isEmpty() ? ""
                    : "; " + generations.size() + " old generation(s) still draining");
        };
    }

    String toJson() {
        StringBuilder json = new StringBuilder("{");
        field(json, "status", code.description()).append(',');
        json.append("\"code\":").append(code.code()).append(',');
        field(json, "config", instance.config().toString()).append(',');
        field(json, "pidfile", instance.pidfile().path().toString()).append(',');
        json.append("\"listeners\":[");
        List<Endpoint> endpoints = instance.effective().endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            json.append(i == 0 ? "" : ",").append(quote(endpoints.get(i).toString()));
        }
        json.append("],");
        if (code == StatusCode.RUNNING) {
            StatusAction.GenerationView serving = generations.get(0);
            json.append("\"pid\":").append(serving.generation().pid()).append(',');
            field(json, "startTime", serving.started().toString()).append(',');
            json.append("\"uptimeSeconds\":").append(serving.uptimeSeconds()).append(',');
            field(json, "executable", serving.generation().executable().toString()).append(',');
        }
        json.append("\"generations\":[");
        for (int i = 0; i < generations.size(); i++) {
            json.append(i == 0 ? "" : ",").append(generationJson(generations.get(i)));
        }
        json.append("]}");
        return json.toString();
    }

    private static String generationJson(StatusAction.GenerationView view) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"id\":").append(view.generation().id()).append(',');
        json.append("\"pid\":").append(view.generation().pid()).append(',');
        field(json, "role", view.generation().role().name().toLowerCase(Locale.ROOT)).append(',');
        json.append("\"adopted\":").append(view.generation().adopted()).append(',');
        field(json, "startTime", view.started().toString()).append(',');
        json.append("\"uptimeSeconds\":").append(view.uptimeSeconds()).append(',');
        field(json, "executable", view.generation().executable().toString());
        return json.append('}').toString();
    }

    private String listeners() {
        StringBuilder listeners = new StringBuilder();
        for (Endpoint endpoint : instance.effective().endpoints()) {
            listeners.append(listeners.length() == 0 ? "" : ", ").append(endpoint);
        }
        return listeners.toString();
    }

    private static String human(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        return seconds < 7200 ? seconds / 60 + " min" : seconds / 3600 + " h";
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append(quote(name)).append(':').append(quote(value));
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }
}
