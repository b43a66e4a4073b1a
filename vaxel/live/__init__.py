"""The live view: who is on a call now, who waits in each queue, which agents are in."""
