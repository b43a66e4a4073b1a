from gevent import monkey

monkey.patch_all()  # before anything else imports socket, ssl or threading

from .main import main  # noqa: E402

main()
