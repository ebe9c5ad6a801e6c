"""``xlperf serve``: start the bureau's intake service, or issue the units' links.

Kept beside ``cli`` so that the main command line stays small; ``cli.build_parser`` adds it.
"""

from __future__ import annotations

import argparse
import socket
import sys
from collections.abc import Callable

from xlperf.app import argtypes
from xlperf.errors import XlperfError

MISSING = ("xlperf serve 需要 Web 组件：请运行 pip install 'xlperf[serve]'"
           "（开发环境 make test 已安装）")


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    """启动报送服务，或生成单位访问链接。"""
    try:
        import uvicorn

        from xlperf.app import serve
    except ImportError as exc:
        raise XlperfError(MISSING) from exc
    settings = serve.Settings(
        inbox=args.inbox, roster=args.roster, trust_proxy=args.trust_proxy,
        limits=serve.UploadLimits(upload_bytes=args.max_upload * serve.MEGABYTE),
    )
    base = args.base_url or f"http://{_shown_host(args.host)}:{args.port}"
    if args.issue_links:
        count = serve.write_links(settings, args.issue_links, base, args.units)
        print(f"已生成 {count} 个访问链接 → {args.issue_links}（同一单位以前的链接已失效）。"
              "请把每个单位的链接只发给该单位。")
        return 0
    if args.units:
        raise XlperfError("--units 只与 --issue-links 一起使用")
    app, service = serve.open_service(settings)
    print(f"报送服务已启动：{base}/  （收件文件夹 {args.inbox}，数据 {service.store.folder}）")
    print("单位和财政局的专用链接用 --issue-links 生成；按 Ctrl+C 停止。")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning",
                proxy_headers=args.trust_proxy, server_header=False)
    return 0


def _shown_host(host: str) -> str:
    return socket.getfqdn() if host in ("0.0.0.0", "::") else host


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``serve`` to the command line (``add`` as in ``cli``)."""
    serve = add("serve", cmd_serve,
                "启动县财政局报送服务：各单位在浏览器中上传、校验、查看审核结果")
    serve.add_argument("--inbox", type=argtypes.input_folder, required=True, metavar="文件夹",
                       help="收件文件夹：上传的工作簿写入这里，汇总和审核也读这里")
    serve.add_argument("--roster", type=argtypes.input_file, metavar="文件",
                       help="单位名录 .xlsx（xlperf roster 生成），列出应报单位")
    serve.add_argument("--host", type=argtypes.host, default="127.0.0.1", metavar="地址",
                       help="监听地址（默认 127.0.0.1；内网访问用 0.0.0.0）")
    serve.add_argument("--port", type=argtypes.PORT, default=8000,
                       metavar="端口", help="监听端口（默认 8000）")
    serve.add_argument("--base-url", type=argtypes.base_url, metavar="网址",
                       help="链接中使用的网址，如 https://jx.czj.example"
                            "（经 HTTPS 反向代理时填写）")
    serve.add_argument("--issue-links", type=argtypes.XLSX_OUT, metavar="文件",
                       help="为名录中的每个单位和财政局生成新链接，写入该 .xlsx 后退出")
    serve.add_argument("--units", type=argtypes.unit_codes, metavar="编码",
                       help="只为这些单位重新生成链接（逗号分隔；财政局写“财政局”）")
    serve.add_argument("--max-upload", type=argtypes.UPLOAD_SIZE, default=20,
                       metavar="MB", help="单个上传文件的上限（MB，默认 20）")
    serve.add_argument("--trust-proxy", action="store_true",
                       help="位于反向代理之后：按 X-Forwarded-For 识别访问地址")
