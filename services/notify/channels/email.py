"""E-mail over SMTP (smtplib): plain text and HTML alternatives, Message-ID = the delivery id, the Date in Jiaxing
time (+08:00) and `Content-Language: zh-CN`."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime

from services.common.clock import JIAXING, utcnow
from services.common.config import Config

from ..commands.deliveries import Outcome


class Email:
    def __init__(self, config: Config):
        self.config = config

    def message(self, delivery: dict, notification: dict) -> EmailMessage:
        message = EmailMessage()
        message["From"], message["To"] = self.config.smtp_sender, delivery["target"]
        message["Subject"], message["Date"] = notification["title"], format_datetime(utcnow().astimezone(JIAXING))
        message["Message-ID"] = f"<{delivery['_id']}@anfu>"
        message.set_content(notification["text"])
        message.add_alternative(f'<html lang="zh-CN"><body>{notification["html"]}</body></html>', subtype="html")
        message["Content-Language"] = "zh-CN"  # after the content: setting the content drops Content-* headers
        return message

    def send(self, delivery: dict, notification: dict) -> Outcome:
        config = self.config
        try:
            with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.webhook_timeout_seconds) as smtp:
                if config.smtp_starttls:
                    smtp.starttls()
                if config.smtp_user:
                    smtp.login(config.smtp_user, config.smtp_password)
                refused = smtp.send_message(self.message(delivery, notification))
        except (smtplib.SMTPException, OSError) as err:
            return Outcome(False, f"{type(err).__name__}: {err}")
        return Outcome(not refused, "recipient refused" if refused else None, "250 accepted" if not refused else None)
