package io.dockmedic;
final class Placeholder {}
