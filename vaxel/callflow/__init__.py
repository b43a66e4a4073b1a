"""Call flows as pure generators: they yield commands and receive their results.

A flow decides, step by step, where a call goes; it never touches a socket. The controller
(fs_control) carries each command out on the live channel and sends the outcome back in,
so every path through a flow can be tested with plain values.
"""
