"""Messengers as channels of appeals, each behind the interface of `base`: Telegram now;
VK or MAX are added as another package beside it."""
