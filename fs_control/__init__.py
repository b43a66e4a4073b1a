"""The Event Socket controller: call logic driving FreeSWITCH."""
