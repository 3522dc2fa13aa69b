"""The pages of the second sign-in step, made on the server as the answer to a form POST.

They carry what no Reflex state may hold: the key being enrolled (as a QR code and as text)
and the recovery codes, shown once in the answer itself and kept nowhere else; and the
pending-sign-in token, in a hidden field of the form that posts the code back. Never cached.
"""

from __future__ import annotations

from html import escape

from starlette.responses import HTMLResponse

from imigrasi_site.core import second_factor
from imigrasi_site.core.i18n import t
from imigrasi_site.core.links import SIGN_IN_PAGE

HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;"
    "color:#1b1b1b}label{display:block;font-weight:600;margin:.8rem 0 .3rem}input{font-size:1.2rem;"
    "padding:.4rem;width:100%;max-width:16rem;box-sizing:border-box}button,.button{display:inline-block;"
    "font-size:1rem;padding:.6rem 1.2rem;margin-top:1rem;border:0;border-radius:6px;background:#0b4f8a;"
    "color:#fff;cursor:pointer;text-decoration:none}button:focus,.button:focus{outline:3px solid #f0a500}"
    "[role=alert]{background:#fdecea;border-left:4px solid #b3261e;padding:.6rem .8rem}"
    "code,.codes{font-family:ui-monospace,monospace;font-size:1.1rem;overflow-wrap:anywhere}"
    ".codes{columns:2;list-style:none;padding:0}svg{max-width:100%;height:auto}"
)


def _page(lang: str, title: str, body: str, status: int = 200) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main id=\"main\">"
        f"<h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _error(message: str) -> str:
    return f'<p role="alert" id="login-error">{escape(message)}</p>' if message else ""


def _code_form(lang: str, step: str, pending: str, next_path: str, button: str) -> str:
    return (
        f'<form method="post" action="{SIGN_IN_PAGE}">'
        f'<input type="hidden" name="step" value="{escape(step)}">'
        f'<input type="hidden" name="pending" value="{escape(pending)}">'
        f'<input type="hidden" name="next" value="{escape(next_path)}">'
        f'<input type="hidden" name="lang" value="{escape(lang)}">'
        f'<label for="code">{escape(t("tfa_code_label", lang))}</label>'
        f'<input id="code" name="code" autocomplete="one-time-code" inputmode="text" required maxlength="32" '
        f'autofocus>'
        f'<div><button type="submit" id="second-step">{escape(button)}</button></div></form>'
        f'<p><a href="{SIGN_IN_PAGE}">{escape(t("tfa_back_to_sign_in", lang))}</a></p>'
    )


def code_page(lang: str, pending: str, next_path: str, error: str = "") -> HTMLResponse:
    body = (f"{_error(error)}<p>{escape(t('tfa_code_intro', lang))}</p>"
            + _code_form(lang, second_factor.CODE, pending, next_path, t("tfa_continue", lang)))
    return _page(lang, t("tfa_code_title", lang), body)


def enrol_page(lang: str, pending: str, secret: str, username: str, next_path: str, error: str = "",
               required: bool = True) -> HTMLResponse:
    uri = second_factor.provisioning_uri(secret, username)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    why = f"<p>{escape(t('tfa_enrol_required', lang))}</p>" if required else ""
    body = (
        f"{_error(error)}{why}<p>{escape(t('tfa_enrol_intro', lang))}</p>"
        f'<div id="qr">{second_factor.qr_svg(uri)}</div>'
        f"<p>{escape(t('tfa_secret_label', lang))}: <code id=\"secret\">{escape(grouped)}</code></p>"
        + _code_form(lang, second_factor.ENROL, pending, next_path, t("tfa_confirm", lang))
    )
    return _page(lang, t("tfa_enrol_title", lang), body)


def recovery_codes_page(lang: str, codes: list[str], next_path: str) -> HTMLResponse:
    items = "".join(f"<li><code>{escape(code)}</code></li>" for code in codes)
    body = (f"<p>{escape(t('tfa_codes_intro', lang))}</p><ul class=\"codes\" id=\"recovery-codes\">{items}</ul>"
            f'<p><a class="button" id="codes-saved" href="{escape(next_path)}">{escape(t("tfa_codes_done", lang))}</a></p>')
    return _page(lang, t("tfa_codes_title", lang), body)
