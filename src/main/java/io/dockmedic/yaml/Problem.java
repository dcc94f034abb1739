package io.dockmedic.yaml;

/**
 * One validation failure: where it is (file:line:column, or an env var name), which property,
 * the offending value (already safe to print), and why it is wrong.
 */
public record Problem(String where, String property, String value, String reason) {

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (where != null && !where.isEmpty()) {
            sb.append(where).append(": ");
        }
        if (property != null && !property.isEmpty()) {
            sb.append(property).append(": ");
        }
        if (value != null) {
            sb.append('"').append(value).append("\" ");
        }
        sb.append(reason);
        return sb.toString();
    }
}
