package io.dockmedic.notify;

/** Turns a message into the request one kind of service documents (Slack, Discord, ntfy, ...). */
interface Channel {
    Request request(Message message);
}
