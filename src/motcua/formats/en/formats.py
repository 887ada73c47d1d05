# English pages write dates and numbers as Vietnamese administration does.
from motcua.formats.vi.formats import *  # noqa: F403
