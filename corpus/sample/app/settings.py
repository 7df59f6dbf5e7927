import os

DEBUG = False
DATABASE_URL = "postgresql://app_user:Vb7qL2xN9pRt4ZkW@db.internal.example:5432/app"
GITHUB_TOKEN = "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"
SECRET_KEY = os.environ["SECRET_KEY"]  # fine: read from the environment
API_PASSWORD = "changeme"  # a placeholder, not a finding
