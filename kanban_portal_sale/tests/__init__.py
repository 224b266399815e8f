from . import test_sale_story
