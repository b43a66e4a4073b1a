"""Park slots on the switch: the parked calls' rows, and ringing back whoever parked a call
nobody picked up."""
