package io.dockmedic.docker;

/** Label keys that dockmedic reads: Compose's, Swarm's and its own (contract section 4). */
public final class Labels {
    public static final String PROJECT = "com.docker.compose.project";
    public static final String SERVICE = "com.docker.compose.service";
    public static final String DEPENDS_ON = "com.docker.compose.depends_on";
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    /** A Swarm task's stack (docker stack deploy), its service's full name and its task id. */
    public static final String STACK_NAMESPACE = "com.docker.stack.namespace";
    public static final String SWARM_SERVICE = "com.docker.swarm.service.name";
    public static final String SWARM_TASK_ID = "com.docker.swarm.task.id";
    public static final String IGNORE = "dockmedic.ignore";
    public static final String REMEDIATE = "dockmedic.remediate";
    public static final String PLAYBOOK = "dockmedic.playbook";

    private Labels() {
    }
}
