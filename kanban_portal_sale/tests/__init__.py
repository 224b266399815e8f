from . import test_sale_order_links, test_sale_story
