package io.dockmedic.doctor;

/**
 * A variable as a service receives it, with where it is defined. Never prints its value.
 *
 * @param value null when the variable is not set
 * @param line  0 when the variable comes from the shell or is not defined anywhere
 */
record Var(String name, String value, String file, int line) {
    String where() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        return name + " (" + where() + ")";
    }
}
