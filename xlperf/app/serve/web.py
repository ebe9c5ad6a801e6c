"""The pages and the JSON API of the intake service (Starlette): a thin layer over ``Intake``.

A unit's link (``/u/<token>``) shows that unit's versions and nothing else; the bureau's link
(``/b/<token>``) shows 报送情况 and runs 汇总 and 审核. The page and ``/api/upload`` take an
upload through the same :meth:`Service.upload`. Every file served is named by a database row.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from xlperf.app.serve import bureau
from xlperf.app.serve.guard import HEADERS, RateLimiter, Rates, form_token, form_token_ok
from xlperf.app.serve.intake import COPIES, MEGABYTE, Intake, Rejected
from xlperf.app.serve.store import Holder, Store, Upload
from xlperf.core.check.results import grouped

HERE = Path(__file__).parent
UPLOAD = "upload"


class TooLarge(Exception):  # noqa: N818 - the name says what the upload is
    """The request body is over the upload limit."""


class Service:
    """What the pages need: the store, the intake, the roster, the limits."""

    def __init__(self, intake: Intake, roster: bureau.Roster, rates: Rates,
                 trust_proxy: bool = False) -> None:
        self.intake = intake
        self.store: Store = intake.store
        self.roster = roster
        self.secret = self.store.secret()
        self.per_token = RateLimiter(rates.per_token, rates.window)
        self.per_address = RateLimiter(rates.per_address, rates.window)
        self.trust_proxy = trust_proxy

    def address(self, request: Request) -> str:
        forwarded = request.headers.get("x-forwarded-for") if self.trust_proxy else None
        if forwarded:
            return forwarded.split(",")[-1].strip()
        return request.client.host if request.client else "?"

    async def upload(self, request: Request, holder: Holder, token: str,
                     form_check: bool) -> Upload:
        """Take one upload (page or API) through the limits, the check and the inbox.

        Raises:
            Rejected: with the Chinese reason and the HTTP status.
        """
        if not self.per_token.allow(token) or not self.per_address.allow(self.address(request)):
            raise Rejected("上传过于频繁，请一分钟后再试", 429)
        limit = self.intake.limits.upload_bytes
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit + 64 * 1024:
            raise Rejected(_too_large(limit), 413)
        try:
            form = await Request(request.scope, _limited(request.receive, limit + 64 * 1024)) \
                .form(max_files=1, max_fields=4)
        except TooLarge as exc:
            raise Rejected(_too_large(limit), 413) from exc
        except Exception as exc:  # noqa: BLE001 - a malformed form is the sender's mistake
            raise Rejected("上传的表单无法解析，请重新选择文件后上传") from exc
        try:
            if form_check and not form_token_ok(self.secret, token, UPLOAD, form.get("csrf")):
                raise Rejected("页面已过期或不是从本服务的页面提交的，请刷新页面后重新上传", 403)
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise Rejected("请选择要上传的工作簿文件")
            return await run_in_threadpool(self._save_and_accept, holder, upload, limit)
        finally:
            await form.close()

    def _save_and_accept(self, holder: Holder, upload: UploadFile, limit: int) -> Upload:
        fd, name = tempfile.mkstemp(suffix=".upload", dir=self.store.folder / "tmp")
        path = Path(name)
        try:
            size = 0
            with os.fdopen(fd, "wb") as out:
                upload.file.seek(0)
                for block in iter(lambda: upload.file.read(MEGABYTE), b""):
                    size += len(block)
                    if size > limit:
                        raise Rejected(_too_large(limit), 413)
                    out.write(block)
            if size == 0:
                raise Rejected("上传的文件是空的")
            # a browser on Windows may send C:\\fakepath\\名称.xlsx: keep the name only
            original = re.split(r"[\\/]", upload.filename or "")[-1]
            return self.intake.accept(holder, path, original)
        finally:
            path.unlink(missing_ok=True)


def _too_large(limit: int) -> str:
    return f"文件超过 {limit // MEGABYTE} MB 的上传上限；请删去多余的工作表或图片后再上传"


def _limited(receive: Callable[[], Awaitable[Any]], limit: int) -> Callable[[], Awaitable[Any]]:
    """``receive`` that stops a body once it passes ``limit`` bytes (chunked uploads too)."""
    seen = 0

    async def limited() -> Any:
        nonlocal seen
        message = await receive()
        if message.get("type") == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise TooLarge
        return message

    return limited


def create_app(service: Service) -> Starlette:
    """The Starlette application of a service."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True)  # everything from a unit's file is escaped
    templates = Jinja2Templates(env=env)
    env.filters["when"] = lambda t: dt.datetime.fromtimestamp(t).strftime("%Y-%m-%d %H:%M:%S") \
        if t else ""

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        return templates.TemplateResponse(request, name, context, status_code=status,
                                          headers=HEADERS)

    def refused(request: Request, status: int, message: str) -> Response:
        return page(request, "message.html", status, title="无法打开", message=message)

    def unit_of(request: Request) -> tuple[str, Holder] | Response:
        token = request.path_params["token"]
        holder = service.store.holder(token)
        if holder is None or holder.is_bureau:
            return refused(request, 403, "链接无效或已停用，请向财政局索取本单位的新链接。")
        return token, holder

    def bureau_of(request: Request) -> tuple[str, Holder] | Response:
        token = request.path_params["token"]
        holder = service.store.holder(token)
        if holder is None or not holder.is_bureau:
            return refused(request, 403, "链接无效或已停用。")
        return token, holder

    Handler = Callable[[Request, str, Holder], Awaitable[Response]]

    def for_unit(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """A page of a unit's link: refused for any other token, else ``handler(request, token,
        holder)``."""
        async def page_of_unit(request: Request) -> Response:
            found = unit_of(request)
            return found if isinstance(found, Response) else await handler(request, *found)
        return page_of_unit

    def for_bureau(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """A page of the bureau's link (as :func:`for_unit`)."""
        async def page_of_bureau(request: Request) -> Response:
            found = bureau_of(request)
            return found if isinstance(found, Response) else await handler(request, *found)
        return page_of_bureau

    def unit_page(request: Request, token: str, holder: Holder, error: str | None = None,
                  status: int = 200) -> Response:
        assert holder.code is not None
        return page(request, "unit.html", status, holder=holder, token=token,
                    versions=service.store.submissions(holder.code),
                    published=service.store.published(holder.code),
                    csrf=form_token(service.secret, token, UPLOAD), error=error,
                    limit=service.intake.limits.upload_bytes // MEGABYTE)

    async def home(request: Request) -> Response:
        return page(request, "message.html", title="绩效目标报送",
                    message="请使用财政局发给本单位的专用链接打开报送页面。")

    @for_unit
    async def unit(request: Request, token: str, holder: Holder) -> Response:
        return unit_page(request, token, holder)

    @for_unit
    async def unit_upload(request: Request, token: str, holder: Holder) -> Response:
        try:
            submission = await service.upload(request, holder, token, form_check=True)
        except Rejected as exc:
            return unit_page(request, token, holder, exc.reason, exc.status)
        return RedirectResponse(f"/u/{token}/v/{submission.id}", status_code=303,
                                headers=HEADERS)

    def report_page(request: Request, token: str, holder: Holder,
                    submission: Upload, base: str) -> Response:
        findings = submission.findings
        return page(request, "report.html", holder=holder, token=token, s=submission,
                    groups=grouped(findings, submission.sheet_titles), base=base,
                    total=len(findings), ordinal=service.store.ordinal(submission))

    @for_unit
    async def unit_version(request: Request, token: str, holder: Holder) -> Response:
        assert holder.code is not None
        submission = service.store.submission(holder.code, request.path_params["number"])
        if submission is None:
            return refused(request, 404, "没有这个版本。")
        return report_page(request, token, holder, submission, f"/u/{token}")

    @for_unit
    async def unit_file(request: Request, _token: str, holder: Holder) -> Response:
        assert holder.code is not None
        submission = service.store.submission(holder.code, request.path_params["number"])
        if submission is None:
            return refused(request, 404, "没有这个版本。")
        return await _version_file(request, submission, request.path_params["kind"])

    async def _version_file(request: Request, submission: Upload, kind: str) -> Response:
        try:
            if kind == "original":
                path = service.store.folder / submission.version
                shown = submission.stored
            elif kind in COPIES:
                path = await run_in_threadpool(service.intake.copy, submission, kind)
                shown = path.name
            else:
                return refused(request, 404, "没有这个文件。")
        except Rejected as exc:  # the copy could not be made (or is not offered for this kind)
            return refused(request, exc.status if exc.status != 400 else 500, exc.reason)
        return FileResponse(path, filename=shown, headers=HEADERS)

    @for_unit
    async def unit_letter(request: Request, _token: str, holder: Holder) -> Response:
        assert holder.code is not None
        published = service.store.published(holder.code)
        if published is None or not published[1]:
            return refused(request, 404, "财政局尚未发布审核意见书。")
        path = service.store.folder / published[1]
        return FileResponse(path, filename=path.name, headers=HEADERS)

    @for_bureau
    async def bureau_page(request: Request, token: str, holder: Holder) -> Response:
        return page(request, "bureau.html", token=token, holder=holder,
                    rows=bureau.status_rows(service.store, service.roster),
                    runs=service.store.runs(), csrf={k: form_token(service.secret, token, k)
                                                     for k in bureau.ACTIONS})

    @for_bureau
    async def bureau_action(request: Request, token: str, _holder: Holder) -> Response:
        action = request.path_params["action"]
        if action not in bureau.ACTIONS:
            return refused(request, 404, "没有这个操作。")
        form = await request.form(max_files=0, max_fields=4)
        if not form_token_ok(service.secret, token, action, form.get("csrf")):
            return refused(request, 403, "页面已过期或不是从本服务的页面提交的，请刷新页面后再试。")
        message = bureau.start(service.store, service.intake.inbox, service.roster, action)
        if message:
            return refused(request, 409, message)
        return RedirectResponse(f"/b/{token}", status_code=303, headers=HEADERS)

    @for_bureau
    async def bureau_version(request: Request, token: str, holder: Holder) -> Response:
        submission = service.store.submission(request.path_params["code"],
                                              request.path_params["number"])
        if submission is None:
            return refused(request, 404, "没有这个版本。")
        if "kind" in request.path_params:
            return await _version_file(request, submission, request.path_params["kind"])
        return report_page(request, token, holder, submission, f"/b/{token}")

    @for_bureau
    async def bureau_run(request: Request, _token: str, _holder: Holder) -> Response:
        run = service.store.run(request.path_params["number"])
        if run is None or not run.ok or not run.output:
            return refused(request, 404, "没有这个输出文件。")
        path = service.store.folder / run.output
        return FileResponse(path, filename=path.name, headers=HEADERS)

    def bearer(request: Request) -> tuple[str, Holder] | None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        holder = service.store.holder(token.strip()) if scheme.lower() == "bearer" else None
        return (token.strip(), holder) if holder else None

    async def api_upload(request: Request) -> Response:
        found = bearer(request)
        if found is None or found[1].is_bureau:
            return JSONResponse({"error": "需要单位链接中的令牌（Authorization: Bearer …）"},
                                403, headers=HEADERS)
        token, holder = found
        try:
            submission = await service.upload(request, holder, token, form_check=False)
        except Rejected as exc:
            return JSONResponse({"error": exc.reason}, exc.status, headers=HEADERS)
        return JSONResponse({"stored": submission.stored, "version": submission.id,
                             "findings": json.loads(submission.report)}, headers=HEADERS)

    async def api_status(request: Request) -> Response:
        found = bearer(request)
        if found is None or not found[1].is_bureau:
            return JSONResponse({"error": "需要财政局的令牌（Authorization: Bearer …）"}, 403,
                                headers=HEADERS)
        rows = bureau.status_rows(service.store, service.roster)
        return JSONResponse([row.as_json() for row in rows], headers=HEADERS)

    routes = [
        Route("/", home),
        Route("/u/{token}", unit),
        Route("/u/{token}/upload", unit_upload, methods=["POST"]),
        Route("/u/{token}/v/{number:int}", unit_version),
        Route("/u/{token}/v/{number:int}/{kind}", unit_file),
        Route("/u/{token}/letter", unit_letter),
        Route("/b/{token}", bureau_page),
        Route("/b/{token}/do/{action}", bureau_action, methods=["POST"]),
        Route("/b/{token}/unit/{code}/v/{number:int}", bureau_version),
        Route("/b/{token}/unit/{code}/v/{number:int}/{kind}", bureau_version),
        Route("/b/{token}/runs/{number:int}", bureau_run),
        Route("/api/upload", api_upload, methods=["POST"]),
        Route("/api/status", api_status),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    return Starlette(routes=routes)
