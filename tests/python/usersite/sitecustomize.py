# A user's own sitecustomize: timeslice's hook must run it too.
import os

os.environ["USER_SITE_RAN"] = "yes"
USER_MARK = "mine"
